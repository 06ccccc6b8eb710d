import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import type { TColumnProfile } from "@/lib/datasets/dataset-types";
import { notFound } from "@/lib/errors";

// A dataset of another team answers 404 exactly as one that does not exist. Comes with the models
// that use it, in which role, and whether it is their default evaluation dataset.
export async function getDataset(actor: TActor, datasetId: string) {
  const d = await db.dataset.findUnique({
    where: { id: datasetId },
    select: {
      id: true, name: true, description: true, sha256: true, size: true, originalFilename: true, rowCount: true,
      columns: true, preview: true, labelColumn: true, createdAt: true,
      team: { select: { id: true, slug: true, name: true } },
      createdBy: { select: { name: true, email: true } },
      models: { orderBy: { createdAt: "asc" }, select: { role: true, createdAt: true, model: { select: { id: true, name: true } } } },
      defaultForModels: { select: { id: true } },
    },
  });
  if (!d) throw notFound("Dataset");
  assertCan(actor, "dataset.read", d.team.id, "Dataset");
  const defaults = new Set(d.defaultForModels.map((m) => m.id));
  const { defaultForModels: _unused, models, ...rest } = d;
  return {
    ...rest,
    size: Number(d.size),
    columns: d.columns as unknown as TColumnProfile[],
    preview: d.preview as unknown as string[][],
    models: models.map((m) => ({
      modelId: m.model.id,
      modelName: m.model.name,
      role: m.role,
      attachedAt: m.createdAt,
      isDefault: m.role === "EVALUATION" && defaults.has(m.model.id),
    })),
  };
}
export type TDatasetDetail = Awaited<ReturnType<typeof getDataset>>;
