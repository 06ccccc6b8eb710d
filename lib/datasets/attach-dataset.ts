import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { invalidInput, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DATASET_ROLES, type TDatasetRole } from "@/lib/datasets/dataset-types";

type TTx = Prisma.TransactionClient;

// Accepts "evaluation" as well as "EVALUATION": the API documents lowercase, the enum is uppercase.
export const ZDatasetRole = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
  z.enum(DATASET_ROLES, { error: "role must be 'reference', 'evaluation' or 'scoring'" }),
);

export const ZAttachDataset = z.object({
  datasetId: z.string({ error: "datasetId is required" }).min(1, "datasetId is required").max(100),
  role: ZDatasetRole,
  makeDefault: z.boolean().optional().default(false),
});

export const ZDetachDataset = z.object({
  datasetId: z.string({ error: "datasetId is required" }).min(1, "datasetId is required").max(100),
  role: ZDatasetRole,
});

type TModelRef = { id: string; teamId: string; name: string; defaultEvaluationDatasetId: string | null };
type TDatasetRef = { id: string; teamId: string; name: string };

// POST /api/v1/models/{id}/datasets. Idempotent: attaching again in the same role changes nothing
// (and writes no event); makeDefault on an attached evaluation dataset only moves the default.
export async function attachDataset(actor: TActor, modelId: string, raw: unknown) {
  const input = ZAttachDataset.parse(raw);
  const { model, dataset } = await loadPair(actor, modelId, input.datasetId);
  return db.$transaction(async (tx) => {
    const locked = await lockModel(tx, model.id);
    return attachInTx(tx, actor, locked, dataset, input.role, input.makeDefault);
  });
}

export async function detachDataset(actor: TActor, modelId: string, raw: unknown) {
  const input = ZDetachDataset.parse(raw);
  const { model, dataset } = await loadPair(actor, modelId, input.datasetId);
  return db.$transaction(async (tx) => {
    const locked = await lockModel(tx, model.id);
    const { count } = await tx.modelDataset.deleteMany({ where: { modelId: model.id, datasetId: dataset.id, role: input.role } });
    if (count === 0) throw notFound(`Dataset '${dataset.name}' in role ${input.role.toLowerCase()} of this model`);
    await appendAuditEvent(tx, {
      actor, teamId: model.teamId, action: "dataset.detached", subjectType: "model", subjectId: model.id,
      before: { model: model.name, dataset: dataset.name, datasetId: dataset.id, role: input.role },
    });
    // Gates must never evaluate on a dataset that is no longer the model's evaluation dataset.
    if (input.role === "EVALUATION" && locked.defaultEvaluationDatasetId === dataset.id) await setDefault(tx, actor, locked, null);
    return { detached: true };
  });
}

// Within the caller's transaction, with the model row locked (lockModel). Also used by the upload,
// which attaches a new dataset in the transaction that creates it.
export async function attachInTx(tx: TTx, actor: TActor, model: TModelRef, dataset: TDatasetRef, role: TDatasetRole, makeDefault: boolean) {
  if (makeDefault && role !== "EVALUATION") throw invalidInput("Only an evaluation dataset can be the model's default evaluation dataset", [{ path: "makeDefault", message: "requires role 'evaluation'" }]);
  if (dataset.teamId !== model.teamId) throw invalidInput(`Dataset '${dataset.name}' belongs to another team than model '${model.name}'`);
  const created = await tx.modelDataset.createMany({ data: [{ modelId: model.id, datasetId: dataset.id, role }], skipDuplicates: true });
  if (created.count > 0) {
    await appendAuditEvent(tx, {
      actor, teamId: model.teamId, action: "dataset.attached", subjectType: "model", subjectId: model.id,
      after: { model: model.name, dataset: dataset.name, datasetId: dataset.id, role },
    });
  }
  // The first evaluation dataset of a model becomes its default, so gates have one to use.
  const becomesDefault = role === "EVALUATION" && (makeDefault || model.defaultEvaluationDatasetId === null);
  if (becomesDefault && model.defaultEvaluationDatasetId !== dataset.id) await setDefault(tx, actor, model, dataset);
  return {
    modelId: model.id, datasetId: dataset.id, role,
    attached: created.count > 0,
    isDefault: becomesDefault || model.defaultEvaluationDatasetId === dataset.id,
  };
}

// FOR UPDATE serialises concurrent attaches to one model, so "no default yet" is decided once.
export async function lockModel(tx: TTx, modelId: string): Promise<TModelRef> {
  const rows = await tx.$queryRaw<{ id: string; team_id: string; name: string; default_evaluation_dataset_id: string | null }[]>`
    SELECT id, team_id, name, default_evaluation_dataset_id FROM registered_models WHERE id = ${modelId} FOR UPDATE`;
  if (!rows[0]) throw notFound("Model");
  const r = rows[0];
  return { id: r.id, teamId: r.team_id, name: r.name, defaultEvaluationDatasetId: r.default_evaluation_dataset_id };
}

async function setDefault(tx: TTx, actor: TActor, model: TModelRef, dataset: TDatasetRef | null) {
  await tx.registeredModel.update({ where: { id: model.id }, data: { defaultEvaluationDatasetId: dataset?.id ?? null } });
  await appendAuditEvent(tx, {
    actor, teamId: model.teamId, action: "model.default_dataset_changed", subjectType: "model", subjectId: model.id,
    before: { defaultEvaluationDatasetId: model.defaultEvaluationDatasetId },
    after: { defaultEvaluationDatasetId: dataset?.id ?? null, dataset: dataset?.name ?? null },
  });
  model.defaultEvaluationDatasetId = dataset?.id ?? null;
}

// Model and dataset must both be visible (404 otherwise) and in the same team; attaching is a write.
async function loadPair(actor: TActor, modelId: string, datasetId: string) {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { id: true, teamId: true, name: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "dataset.attach", model.teamId, "Model");
  const dataset = await db.dataset.findUnique({ where: { id: datasetId }, select: { id: true, teamId: true, name: true } });
  if (!dataset || !actor.memberships.some((m) => m.teamId === dataset.teamId)) throw notFound("Dataset");
  if (dataset.teamId !== model.teamId) throw invalidInput(`Dataset '${dataset.name}' belongs to another team than model '${model.name}'`);
  return { model, dataset };
}
