import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";

// GET /api/v1/models/{id}/datasets: the datasets attached to a model, each with its role, and the
// model's default evaluation dataset.
export async function listModelDatasets(actor: TActor, modelId: string) {
  const model = await db.registeredModel.findUnique({
    where: { id: modelId },
    select: {
      id: true, teamId: true, defaultEvaluationDatasetId: true,
      datasets: {
        orderBy: [{ role: "asc" }, { createdAt: "asc" }],
        select: { role: true, createdAt: true, dataset: { select: { id: true, name: true, rowCount: true, labelColumn: true, sha256: true } } },
      },
    },
  });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.teamId, "Model");
  return {
    defaultEvaluationDatasetId: model.defaultEvaluationDatasetId,
    datasets: model.datasets.map((a) => ({
      ...a.dataset,
      role: a.role,
      attachedAt: a.createdAt,
      isDefault: a.role === "EVALUATION" && a.dataset.id === model.defaultEvaluationDatasetId,
    })),
  };
}
export type TModelDatasets = Awaited<ReturnType<typeof listModelDatasets>>;
