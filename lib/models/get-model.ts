import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";

// A model of another team answers 404 exactly as a model that does not exist.
export async function getModel(actor: TActor, modelId: string) {
  const model = await db.registeredModel.findUnique({
    where: { id: modelId },
    select: {
      id: true, name: true, task: true, description: true, tags: true, createdAt: true, updatedAt: true,
      defaultEvaluationDatasetId: true,
      datasets: { orderBy: [{ role: "asc" }, { createdAt: "asc" }], select: { role: true, dataset: { select: { id: true, name: true, rowCount: true } } } },
      team: { select: { id: true, slug: true, name: true } },
      createdBy: { select: { name: true, email: true } },
      versions: {
        orderBy: { number: "desc" },
        select: {
          id: true, number: true, stage: true, intakeStatus: true, intakeError: true, artifactSha256: true, artifactSize: true,
          createdAt: true, originalFilename: true, uploadedBy: { select: { name: true, email: true } },
        },
      },
    },
  });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.team.id, "Model");
  return { ...model, versions: model.versions.map((v) => ({ ...v, artifactSize: Number(v.artifactSize) })) };
}
export type TModelDetail = Awaited<ReturnType<typeof getModel>>;
