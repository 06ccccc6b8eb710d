import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { conflict, invalidInput, notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/producers";

export const ZStartScoringJob = z
  .object({
    versionId: z.string().trim().min(1, "versionId must not be empty").max(100).optional(),
    modelId: z.string().trim().min(1, "modelId must not be empty").max(100).optional(),
    useProduction: z.boolean({ error: "useProduction must be true or false" }).optional(),
    datasetId: z.string({ error: "datasetId is required" }).trim().min(1, "datasetId is required").max(100),
    maxErrorShare: z.number({ error: "maxErrorShare must be a number between 0 and 1" }).min(0, "maxErrorShare must be between 0 and 1").max(1, "maxErrorShare must be between 0 and 1").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.versionId && v.useProduction) ctx.addIssue({ code: "custom", path: ["useProduction"], message: "name either a versionId or modelId with useProduction, not both" });
    if (!v.versionId && !(v.modelId && v.useProduction)) ctx.addIssue({ code: "custom", path: ["versionId"], message: "versionId is required, or modelId with useProduction: true" });
  });
export type TStartScoringJob = z.infer<typeof ZStartScoringJob>;

// POST /api/v1/scoring-jobs: { versionId } or { modelId, useProduction: true }, a dataset of the
// model's team, and the share of bad rows the job tolerates. "Production" must exist now; the job
// resolves it again when it starts and records the version it used.
export async function startScoringJob(actor: TActor, raw: unknown): Promise<{ id: string; created: boolean }> {
  const input = ZStartScoringJob.parse(raw);
  let model: { id: string; name: string; teamId: string };
  let versionId: string | null = null;
  if (input.versionId) {
    const version = await db.modelVersion.findUnique({
      where: { id: input.versionId },
      select: { id: true, number: true, intakeStatus: true, model: { select: { id: true, name: true, teamId: true } } },
    });
    if (!version) throw notFound("Version");
    assertCan(actor, "scoring.run", version.model.teamId, "Version");
    if (input.modelId && input.modelId !== version.model.id) throw invalidInput(`Version ${input.versionId} is not a version of model ${input.modelId}`, [{ path: "versionId", message: "not a version of modelId" }]);
    if (version.intakeStatus !== "PASSED") throw conflict(`${version.model.name} v${version.number} has not passed intake (${version.intakeStatus.toLowerCase()}); it cannot score`);
    model = version.model;
    versionId = version.id;
  } else {
    const found = await db.registeredModel.findUnique({ where: { id: input.modelId! }, select: { id: true, name: true, teamId: true } });
    if (!found) throw notFound("Model");
    assertCan(actor, "scoring.run", found.teamId, "Model");
    const production = await db.modelVersion.findFirst({ where: { modelId: found.id, stage: "PRODUCTION" }, select: { id: true } });
    if (!production) throw conflict(`Model ${found.name} has no version in production; choose a version to score with`);
    model = found;
  }
  const dataset = await db.dataset.findUnique({ where: { id: input.datasetId }, select: { id: true, name: true, teamId: true, sha256: true } });
  if (!dataset || dataset.teamId !== model.teamId) throw notFound("Dataset");
  return queueScoringJob({ model, versionId, dataset, maxErrorShare: input.maxErrorShare ?? 0.05, scheduleId: null, requestedById: actor.userId, auditActor: actor });
}

/**
 * Writes the job row (audited) and enqueues it, unless the same scoring (model, version or
 * production, dataset, error share) is already queued or running: a second request then gets that
 * job. Also used by retries and by recurring schedules (audited as the system).
 */
export async function queueScoringJob(input: {
  model: { id: string; name: string; teamId: string };
  /** null: the model's production version, resolved when the job starts. */
  versionId: string | null;
  dataset: { id: string; name: string; sha256: string };
  maxErrorShare: number;
  scheduleId: string | null;
  requestedById: string;
  auditActor: TActor | { system: string };
}): Promise<{ id: string; created: boolean }> {
  const { model, dataset } = input;
  const same = { modelId: model.id, datasetId: dataset.id, maxErrorShare: input.maxErrorShare, status: { in: ["QUEUED" as const, "RUNNING" as const] } };
  const active = await db.scoringJob.findFirst({ where: input.versionId ? { ...same, versionId: input.versionId, useProduction: false } : { ...same, useProduction: true }, select: { id: true } });
  if (active) return { id: active.id, created: false };
  const job = await db.$transaction(async (tx) => {
    const row = await tx.scoringJob.create({
      data: { modelId: model.id, versionId: input.versionId, useProduction: input.versionId === null, datasetId: dataset.id, maxErrorShare: input.maxErrorShare, scheduleId: input.scheduleId, requestedById: input.requestedById },
      select: { id: true },
    });
    await appendAuditEvent(tx, {
      actor: input.auditActor, teamId: model.teamId, action: "scoring.requested", subjectType: "scoring_job", subjectId: row.id,
      after: { model: model.name, versionId: input.versionId, production: input.versionId === null, dataset: dataset.name, datasetSha256: dataset.sha256, maxErrorShare: input.maxErrorShare, scheduleId: input.scheduleId },
    });
    return row;
  });
  try {
    await enqueue("score", job.id, { jobId: job.id });
  } catch (err) {
    logger.warn("score enqueue failed; the reconciler will enqueue it", { jobId: job.id, err });
  }
  return { id: job.id, created: true };
}
