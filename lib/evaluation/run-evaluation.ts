import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import type { TFeatureSchemaDto } from "@/lib/versions/get-version";
import type { TSignature } from "@/lib/onnx/types";
import { superviseChild } from "@/lib/sandbox/supervise-child";
import { sandboxModel } from "@/lib/sandbox/sandbox-model";
import { trackJobProgress } from "@/lib/jobs/track-job-progress";
import { artifactPath, commitFile, discardTemp, tempPath } from "@/lib/storage/artifact-store";
import type { TEvaluateOptions } from "@/lib/evaluation/evaluate-dataset";
import type { TEvaluateInput, TEvaluateMessage, TEvaluateResult, TEvaluationMetrics } from "@/lib/evaluation/types";
import { dispatchWebhookDeliveries, recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";


export type TEvaluationRunResult = "succeeded" | "failed" | "cancelled" | "skipped";

// Worker side of one EvaluationRun row: the scoring runs in a sandboxed child; progress goes to the
// row (rows done, rows/s) at most twice a second, and a cancel requested on the row stops the
// child. Results are written once, guarded by the row's status, so a redelivered job writes nothing.
// The child also writes the per-row predictions to a temporary file; they are stored (content-
// addressed) and referenced from the row in that same write.
export async function runEvaluation(runId: string): Promise<TEvaluationRunResult> {
  const run = await db.evaluationRun.findUnique({
    where: { id: runId },
    select: {
      id: true, status: true, cancelRequestedAt: true,
      dataset: { select: { id: true, storageKey: true, labelColumn: true, rowCount: true, sha256: true, name: true } },
      version: {
        select: {
          id: true, number: true, storageKey: true, scoringKey: true, signature: true, featureSchema: true, positiveClass: true, labelClasses: true,
          model: { select: { name: true, task: true, teamId: true } },
        },
      },
    },
  });
  if (!run) {
    logger.warn("evaluation run row is gone; dropping the job", { runId });
    return "skipped";
  }
  if (run.status !== "QUEUED" && run.status !== "RUNNING") return "skipped";
  const { version, dataset } = run;
  if (run.cancelRequestedAt) return finish(runId, version.model.teamId, "CANCELLED", { error: "cancelled before it started" });

  const schema = version.featureSchema as TFeatureSchemaDto | null;
  const signature = version.signature as TSignature | null;
  if (!schema || !signature || !schema.outputs) return finish(runId, version.model.teamId, "FAILED", { error: "the version has no feature schema: it has not passed intake" });
  if (!dataset.labelColumn) return finish(runId, version.model.teamId, "FAILED", { error: `dataset '${dataset.name}' has no label column` });

  await db.evaluationRun.update({ where: { id: runId }, data: { status: "RUNNING", startedAt: new Date(), attempts: { increment: 1 }, rowsDone: 0, rowsTotal: dataset.rowCount, error: null } });

  const input: TEvaluateInput = {
    ...sandboxModel(version, version.model.task, { ...schema, outputs: schema.outputs }, signature),
    datasetPath: artifactPath(dataset.storageKey),
    labelColumn: dataset.labelColumn,
    rowsTotal: dataset.rowCount,
    profile: true,
  };

  let phase = "while scoring";
  const tracker = trackJobProgress<Extract<TEvaluateMessage, { type: "progress" }>>({
    what: "evaluation", id: runId,
    write: (m) => db.evaluationRun.update({ where: { id: runId }, data: { rowsDone: m.rowsDone, rowsPerSecond: m.rowsPerSecond }, select: { cancelRequestedAt: true } }),
    readCancel: () => db.evaluationRun.findUnique({ where: { id: runId }, select: { cancelRequestedAt: true } }),
  });
  const onMessage = (m: TEvaluateMessage) => {
    if (m.type !== "progress") return;
    phase = m.phase === "profiling" ? "while profiling latency" : "while scoring";
    tracker.progress(m);
  };

  const predictionsPath = await tempPath();
  try {
    const outcome = await superviseChild<TEvaluateInput & TEvaluateOptions, TEvaluateMessage, TEvaluateResult>("workers/sandbox/evaluate-child.ts", { ...input, predictionsPath }, {
      timeoutMs: env.EVALUATION_TIMEOUT_MS,
      memoryLimitMb: env.EVALUATION_MEMORY_LIMIT_MB,
      onMessage,
      shouldStop: () => (tracker.cancelled() ? "cancelled" : null),
      phase: () => phase,
    }).finally(() => tracker.stop());
    await tracker.settled();

    if (outcome.kind === "stopped") {
      if (outcome.reason === "cancelled") return await finish(runId, version.model.teamId, "CANCELLED", { error: "cancelled by a user" });
      return await finish(runId, version.model.teamId, "FAILED", { error: outcome.reason });
    }
    const r = outcome.result;
    if (!r.ok) return await finish(runId, version.model.teamId, "FAILED", { error: r.reason });
    const { profile, rows } = r;
    const { metrics, curves } = splitCurves(r.metrics);
    return await finish(runId, version.model.teamId, "SUCCEEDED", {
      rowsDone: rows,
      metrics: metrics as unknown as Prisma.InputJsonValue,
      curves: (curves ?? undefined) as unknown as Prisma.InputJsonValue | undefined,
      profile: (profile ? { ...profile, sandboxPeakRssMb: outcome.peakRssMb, evaluateMs: Math.round(r.evaluateMs) } : undefined) as unknown as Prisma.InputJsonValue | undefined,
      predictionsKey: await storePredictions(runId, predictionsPath),
      audit: { model: version.model.name, number: version.number, dataset: dataset.name, datasetSha256: dataset.sha256, rows },
    });
  } finally {
    // Stored files were moved away; this removes what a failed, cancelled or killed child left.
    await discardTemp(predictionsPath);
  }
}

// Per-row predictions only serve the paired bootstrap: without them (the child could not write them,
// or storing failed) the run still succeeds, and the gates say the version must be re-evaluated.
async function storePredictions(runId: string, tmpPath: string): Promise<string | null> {
  try {
    return (await commitFile(tmpPath)).key;
  } catch (err) {
    logger.warn("the evaluation's per-row predictions could not be stored; the run is kept without them", { runId, err });
    return null;
  }
}

const CURVE_KEYS = ["roc", "pr", "calibration", "scoreHistogram", "residualHistogram", "predictedVsActual"] as const;

// Scalars and confusion matrix go to `metrics`, chart data to `curves`: lists and gates read the
// small column, the version page merges both.
function splitCurves(all: TEvaluationMetrics): { metrics: Record<string, unknown>; curves: Record<string, unknown> | null } {
  const metrics: Record<string, unknown> = {};
  const curves: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) ((CURVE_KEYS as readonly string[]).includes(k) ? curves : metrics)[k] = v;
  return { metrics, curves: Object.keys(curves).length ? curves : null };
}

type TFinish = { error?: string; rowsDone?: number; metrics?: Prisma.InputJsonValue; curves?: Prisma.InputJsonValue; profile?: Prisma.InputJsonValue; predictionsKey?: string | null; audit?: Record<string, unknown> };

async function finish(runId: string, teamId: string, status: "SUCCEEDED" | "FAILED" | "CANCELLED", f: TFinish): Promise<TEvaluationRunResult> {
  let webhookDeliveryIds: string[] = [];
  await db.$transaction(async (tx) => {
    // Only a run still in flight is finished: a second delivery finds it finished and writes nothing.
    const { count } = await tx.evaluationRun.updateMany({
      where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status, finishedAt: new Date(), error: f.error ?? null, ...(f.rowsDone !== undefined ? { rowsDone: f.rowsDone } : {}), metrics: f.metrics, curves: f.curves, profile: f.profile, predictionsKey: f.predictionsKey ?? null },
    });
    if (count === 0) return;
    await appendAuditEvent(tx, {
      actor: { system: "evaluate" }, teamId, action: status === "SUCCEEDED" ? "evaluation.completed" : status === "CANCELLED" ? "evaluation.cancelled" : "evaluation.failed",
      subjectType: "evaluation_run", subjectId: runId, after: { status, ...(f.error ? { error: f.error } : {}), ...(f.audit ?? {}) },
    });
    if (status === "SUCCEEDED") webhookDeliveryIds = await recordWebhookEvent(tx, { teamId, event: "evaluation.completed", data: { evaluationRunId: runId, ...f.audit, metrics: f.metrics } });
  });
  await dispatchWebhookDeliveries(webhookDeliveryIds);
  return status === "SUCCEEDED" ? "succeeded" : status === "CANCELLED" ? "cancelled" : "failed";
}
