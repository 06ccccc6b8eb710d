import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { conflict, notFound, unprocessable } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/producers";

export const ZStartEvaluation = z.object({
  versionId: z.string({ error: "versionId is required" }).min(1, "versionId is required").max(100),
  datasetId: z.string().min(1).max(100).optional(),
});

// POST /api/v1/evaluations. Without datasetId, the model's default evaluation dataset is used. A run
// already queued or running for the same version and dataset is returned instead of a second one.
export async function startEvaluation(actor: TActor, raw: unknown) {
  const input = ZStartEvaluation.parse(raw);
  const version = await db.modelVersion.findUnique({
    where: { id: input.versionId },
    select: { id: true, number: true, intakeStatus: true, model: { select: { id: true, name: true, teamId: true, defaultEvaluationDatasetId: true } } },
  });
  if (!version) throw notFound("Version");
  assertCan(actor, "evaluation.run", version.model.teamId, "Version");
  const datasetId = input.datasetId ?? version.model.defaultEvaluationDatasetId;
  if (!datasetId) throw unprocessable(`Model ${version.model.name} has no default evaluation dataset: name a datasetId`);
  const dataset = await db.dataset.findUnique({ where: { id: datasetId }, select: { id: true, name: true, teamId: true, labelColumn: true, sha256: true } });
  if (!dataset || dataset.teamId !== version.model.teamId) throw notFound("Dataset");
  if (version.intakeStatus !== "PASSED") throw conflict(`${version.model.name} v${version.number} has not passed intake (${version.intakeStatus.toLowerCase()}); it cannot be evaluated`);
  if (!dataset.labelColumn) throw unprocessable(`Dataset '${dataset.name}' has no label column; set one to evaluate on it`);

  return queueEvaluationRun({ version, dataset, requestedById: actor.userId, auditActor: actor });
}

/**
 * Writes the run row (audited) and enqueues it, unless a run of this version on this dataset is
 * already queued or running. Also used by the gates, which start missing evaluations on behalf of the
 * person who requested a promotion (audited as the system).
 */
export async function queueEvaluationRun(input: {
  version: { id: string; number: number; model: { name: string; teamId: string } };
  dataset: { id: string; name: string; sha256: string };
  requestedById: string;
  auditActor: TActor | { system: string };
}): Promise<{ id: string; created: boolean }> {
  const { version, dataset } = input;
  const active = await db.evaluationRun.findFirst({ where: { versionId: version.id, datasetId: dataset.id, status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true } });
  if (active) return { id: active.id, created: false };
  const run = await db.$transaction(async (tx) => {
    const row = await tx.evaluationRun.create({ data: { versionId: version.id, datasetId: dataset.id, requestedById: input.requestedById }, select: { id: true } });
    await appendAuditEvent(tx, {
      actor: input.auditActor, teamId: version.model.teamId, action: "evaluation.requested", subjectType: "evaluation_run", subjectId: row.id,
      after: { model: version.model.name, number: version.number, dataset: dataset.name, datasetSha256: dataset.sha256 },
    });
    return row;
  });
  try {
    await enqueue("evaluate", run.id, { runId: run.id });
  } catch (err) {
    logger.warn("evaluate enqueue failed; the reconciler will enqueue it", { runId: run.id, err });
  }
  return { id: run.id, created: true };
}
