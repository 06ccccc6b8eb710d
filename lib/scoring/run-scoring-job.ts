import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { logger } from "@/lib/logger";
import type { TFeatureSchemaDto } from "@/lib/versions/get-version";
import type { TSignature } from "@/lib/onnx/types";
import { BOUNDED_HEAP_FLAGS } from "@/lib/sandbox/bounded-heap";
import { superviseChild } from "@/lib/sandbox/supervise-child";
import { sandboxModel } from "@/lib/sandbox/sandbox-model";
import { trackJobProgress } from "@/lib/jobs/track-job-progress";
import { artifactPath, discardTemp, tempPath } from "@/lib/storage/artifact-store";
import { publishFile, type TPublished } from "@/lib/scoring/publish-file";
import { withdrawFiles } from "@/lib/scoring/withdraw-files";
import type { TScoreInput, TScoreMessage, TScoreResult } from "@/lib/scoring/types";

const IN_FLIGHT = ["QUEUED" as const, "RUNNING" as const];

export type TScoringJobResult = "succeeded" | "failed" | "cancelled" | "skipped";

/**
 * Worker side of one ScoringJob row. "Production of model X" is resolved here, once, and recorded on
 * the row (a redelivery keeps the version the first delivery chose). The scoring runs in a sandboxed
 * child that writes the output and error report to temporary files; progress (rows scored, bad rows,
 * rows/s) goes to the row at most twice a second, and a cancel requested on the row stops the child.
 * Only a job that succeeds publishes: its files move into the content-addressed store and the row
 * references them in the one write that marks it SUCCEEDED, guarded by the row's status, so a
 * redelivered or cancelled job never leaves a second output or a half-written one.
 */
export async function runScoringJob(jobId: string): Promise<TScoringJobResult> {
  const job = await db.scoringJob.findUnique({
    where: { id: jobId },
    select: {
      id: true, status: true, cancelRequestedAt: true, useProduction: true, versionId: true, maxErrorShare: true,
      model: { select: { id: true, name: true, task: true, teamId: true } },
      dataset: { select: { id: true, name: true, storageKey: true, rowCount: true, sha256: true } },
    },
  });
  if (!job) {
    logger.warn("scoring job row is gone; dropping the job", { jobId });
    return "skipped";
  }
  if (job.status !== "QUEUED" && job.status !== "RUNNING") return "skipped";
  const { model, dataset } = job;
  const end = (status: TEnd, f: TFinish = {}) => finish(jobId, model.teamId, status, f);
  if (job.cancelRequestedAt) return end("CANCELLED", { error: "cancelled before it started" });

  const versionId = job.versionId ?? (await resolveProduction(jobId, model.id));
  if (!versionId) return end("FAILED", { error: `model ${model.name} has no version in production to score with` });
  const version = await db.modelVersion.findUnique({
    where: { id: versionId },
    select: { id: true, number: true, modelId: true, intakeStatus: true, storageKey: true, scoringKey: true, signature: true, featureSchema: true, positiveClass: true, labelClasses: true },
  });
  if (!version || version.modelId !== model.id) return end("FAILED", { error: "the version to score with is not a version of this model" });
  const schema = version.featureSchema as TFeatureSchemaDto | null;
  const signature = version.signature as TSignature | null;
  if (version.intakeStatus !== "PASSED" || !schema || !signature || !schema.outputs) return end("FAILED", { error: `${model.name} v${version.number} has not passed intake: it has no feature schema to score with` });

  await db.scoringJob.update({
    where: { id: jobId },
    data: { status: "RUNNING", startedAt: new Date(), attempts: { increment: 1 }, rowsDone: 0, rowsFailed: 0, rowsPerSecond: null, rowsTotal: dataset.rowCount, error: null },
  });
  const audit = { model: model.name, number: version.number, production: job.useProduction, dataset: dataset.name, datasetSha256: dataset.sha256 };

  const outputPath = await tempPath();
  const errorsPath = await tempPath();
  const input: TScoreInput = {
    ...sandboxModel(version, model.task, { ...schema, outputs: schema.outputs }, signature),
    datasetPath: artifactPath(dataset.storageKey),
    outputPath,
    errorsPath,
    rowsTotal: dataset.rowCount,
    maxErrorShare: job.maxErrorShare,
  };

  const tracker = trackJobProgress<Extract<TScoreMessage, { type: "progress" }>>({
    what: "scoring", id: jobId,
    write: (m) => db.scoringJob.update({ where: { id: jobId }, data: { rowsDone: m.rowsDone, rowsFailed: m.rowsFailed, rowsPerSecond: m.rowsPerSecond }, select: { cancelRequestedAt: true } }),
    readCancel: () => db.scoringJob.findUnique({ where: { id: jobId }, select: { cancelRequestedAt: true } }),
  });
  const onMessage = (m: TScoreMessage) => {
    if (m.type === "progress") tracker.progress(m);
  };

  try {
    const outcome = await superviseChild<TScoreInput, TScoreMessage, TScoreResult>("workers/sandbox/score-child.ts", input, {
      timeoutMs: env.SCORE_TIMEOUT_MS,
      memoryLimitMb: env.SCORE_MEMORY_LIMIT_MB,
      onMessage,
      shouldStop: () => (tracker.cancelled() ? "cancelled" : null),
      phase: () => "while scoring",
      nodeFlags: BOUNDED_HEAP_FLAGS,
    }).finally(() => tracker.stop());
    await tracker.settled();

    if (outcome.kind === "stopped") {
      if (outcome.reason === "cancelled") return await end("CANCELLED", { error: "cancelled by a user" });
      return await end("FAILED", { error: outcome.reason });
    }
    const r = outcome.result;
    if (!r.ok) return await end("FAILED", { error: r.reason, rowsDone: r.rowsScored, rowsFailed: r.rowsFailed, audit });
    const output = await publishFile(outputPath);
    const errorReport = r.rowsFailed > 0 ? await publishFile(errorsPath) : null;
    const rowsPerSecond = (r.rowsScored + r.rowsFailed) / Math.max(r.scoreMs / 1000, 1e-3);
    const result = await end("SUCCEEDED", { rowsDone: r.rowsScored, rowsFailed: r.rowsFailed, rowsPerSecond, output, errorReport, audit: { ...audit, rows: r.rowsScored, badRows: r.rowsFailed, outputSha256: output.sha256 } });
    if (result !== "succeeded") await withdrawFiles([output, errorReport]);
    return result;
  } finally {
    // Published files were moved away; this removes what a failed, cancelled or killed child left.
    await discardTemp(outputPath);
    await discardTemp(errorsPath);
  }
}

// Records the model's production version on the row, once: of two deliveries racing here, the
// second reads what the first recorded.
async function resolveProduction(jobId: string, modelId: string): Promise<string | null> {
  const production = await db.modelVersion.findFirst({ where: { modelId, stage: "PRODUCTION" }, select: { id: true } });
  if (!production) return null;
  await db.scoringJob.updateMany({ where: { id: jobId, versionId: null }, data: { versionId: production.id } });
  return (await db.scoringJob.findUniqueOrThrow({ where: { id: jobId }, select: { versionId: true } })).versionId;
}

type TEnd = "SUCCEEDED" | "FAILED" | "CANCELLED";
type TFinish = {
  error?: string;
  rowsDone?: number;
  rowsFailed?: number;
  rowsPerSecond?: number;
  output?: TPublished;
  errorReport?: TPublished | null;
  audit?: Record<string, unknown>;
};

// Only a job still in flight is finished, and success only while no cancel is pending: a second
// delivery finds the job finished and writes nothing; a cancel that arrives after the last row was
// scored still wins (the caller then withdraws the files it stored).
async function finish(jobId: string, teamId: string, status: TEnd, f: TFinish): Promise<TScoringJobResult> {
  let applied = false;
  await db.$transaction(async (tx) => {
    const { count } = await tx.scoringJob.updateMany({
      where: { id: jobId, status: { in: IN_FLIGHT }, ...(status === "SUCCEEDED" ? { cancelRequestedAt: null } : {}) },
      data: {
        status, finishedAt: new Date(), error: f.error ?? null,
        ...(f.rowsDone !== undefined ? { rowsDone: f.rowsDone } : {}),
        ...(f.rowsFailed !== undefined ? { rowsFailed: f.rowsFailed } : {}),
        ...(f.rowsPerSecond !== undefined ? { rowsPerSecond: f.rowsPerSecond } : {}),
        ...(f.output ? { outputKey: f.output.key, outputSha256: f.output.sha256, outputSize: BigInt(f.output.size) } : {}),
        ...(f.errorReport ? { errorReportKey: f.errorReport.key } : {}),
      },
    });
    if (count === 0) return;
    applied = true;
    await appendAuditEvent(tx, {
      actor: { system: "score" }, teamId, action: status === "SUCCEEDED" ? "scoring.completed" : status === "CANCELLED" ? "scoring.cancelled" : "scoring.failed",
      subjectType: "scoring_job", subjectId: jobId, after: { status, ...(f.error ? { error: f.error } : {}), ...(f.audit ?? {}) },
    });
  });
  if (applied) return status === "SUCCEEDED" ? "succeeded" : status === "CANCELLED" ? "cancelled" : "failed";
  if (status === "SUCCEEDED") {
    const row = await db.scoringJob.findUnique({ where: { id: jobId }, select: { status: true, cancelRequestedAt: true } });
    if (row?.cancelRequestedAt && IN_FLIGHT.includes(row.status as (typeof IN_FLIGHT)[number])) {
      await finish(jobId, teamId, "CANCELLED", { error: "cancelled by a user", rowsDone: f.rowsDone, rowsFailed: f.rowsFailed });
      return "cancelled";
    }
  }
  return "skipped";
}
