import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CheckStatus } from "@/lib/generated/prisma/enums";
import { runIntakeInSandbox } from "@/lib/onnx/run-sandboxed";
import { logger } from "@/lib/logger";
import { artifactPath, storeBytes } from "@/lib/storage/artifact-store";
import { dispatchWebhookDeliveries, recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";

export type TIntakeRunResult = "passed" | "failed" | "skipped";

const TASKS = { BINARY: "binary", MULTICLASS: "multiclass", REGRESSION: "regression" } as const;

// Runs the intake checks of one IntakeRun row in a sandboxed child process and records every check
// as it changes. Idempotent: a finished run is left alone, so a redelivered job writes nothing twice.
// A bad or hostile model is a recorded failure (the job completes); database or Redis errors throw so
// BullMQ retries the job.
export async function runIntake(runId: string): Promise<TIntakeRunResult> {
  const run = await db.intakeRun.findUnique({
    where: { id: runId },
    select: {
      id: true, status: true,
      version: {
        select: {
          id: true, number: true, storageKey: true, declaredFeatures: true, labelClasses: true, positiveClass: true,
          model: { select: { id: true, name: true, task: true, teamId: true } },
        },
      },
    },
  });
  if (!run) {
    logger.warn("intake run row is gone; dropping the job", { runId });
    return "skipped";
  }
  if (run.status === "SUCCEEDED" || run.status === "FAILED" || run.status === "CANCELLED") return "skipped";
  const version = run.version;

  await db.$transaction([
    db.intakeRun.update({ where: { id: runId }, data: { status: "RUNNING", startedAt: new Date(), attempts: { increment: 1 }, error: null } }),
    db.modelVersion.update({ where: { id: version.id }, data: { intakeStatus: "RUNNING", intakeError: null } }),
    // A retry starts from a clean checklist.
    db.intakeCheck.updateMany({ where: { runId }, data: { status: "PENDING", message: null } }),
  ]);

  // Check updates are written in order; the outcome waits for the last one.
  let writes: Promise<unknown> = Promise.resolve();
  const onCheck = (c: { key: string; status: CheckStatus; message?: string | null; details?: unknown }) => {
    writes = writes.then(() =>
      db.intakeCheck.updateMany({
        where: { runId, key: c.key },
        data: { status: c.status, message: c.message ?? null, details: (c.details ?? undefined) as Prisma.InputJsonValue | undefined },
      }),
    );
  };

  const outcome = await runIntakeInSandbox(
    {
      artifactPath: artifactPath(version.storageKey),
      declared: { features: version.declaredFeatures, labelClasses: version.labelClasses, positiveClass: version.positiveClass },
      task: TASKS[version.model.task],
    },
    { timeoutMs: env.INTAKE_TIMEOUT_MS, memoryLimitMb: env.INTAKE_MEMORY_LIMIT_MB, onCheck },
  );
  await writes;

  if (outcome.ok) {
    const scoring = outcome.scorable.changed ? await storeBytes(outcome.scorable.bytes) : null;
    const featureSchema = {
      ...outcome.featureSchema,
      labelClasses: outcome.scorable.classLabels ?? version.labelClasses,
      positiveClass: version.positiveClass,
      outputs: outcome.scorable.outputs,
    };
    await db.$transaction(async (tx) => {
      await tx.modelVersion.update({
        where: { id: version.id },
        data: {
          intakeStatus: "PASSED",
          intakeError: null,
          signature: outcome.signature as unknown as Prisma.InputJsonValue,
          featureSchema: featureSchema as unknown as Prisma.InputJsonValue,
          scoringSha256: scoring?.sha256 ?? null,
          scoringKey: scoring?.key ?? null,
        },
      });
      await tx.intakeRun.update({ where: { id: runId }, data: { status: "SUCCEEDED", finishedAt: new Date() } });
      await appendAuditEvent(tx, {
        actor: { system: "intake" }, teamId: version.model.teamId, action: "intake.passed", subjectType: "model_version", subjectId: version.id,
        before: { intakeStatus: "RUNNING" }, after: { intakeStatus: "PASSED", model: version.model.name, number: version.number },
      });
    });
    return "passed";
  }

  const reason = outcome.reason;
  // A crash leaves the check that was running without a verdict: close the checklist here.
  if (outcome.crashed) {
    await db.intakeCheck.updateMany({ where: { runId, status: "RUNNING" }, data: { status: "FAILED", message: reason } });
    await db.intakeCheck.updateMany({ where: { runId, status: "PENDING" }, data: { status: "SKIPPED", message: "skipped: an earlier check failed" } });
  }
  const webhookDeliveryIds = await db.$transaction(async (tx) => {
    await tx.modelVersion.update({
      where: { id: version.id },
      data: {
        intakeStatus: "FAILED",
        intakeError: reason,
        signature: (outcome.signature ?? undefined) as unknown as Prisma.InputJsonValue | undefined,
      },
    });
    await tx.intakeRun.update({ where: { id: runId }, data: { status: "FAILED", finishedAt: new Date(), error: reason } });
    await appendAuditEvent(tx, {
      actor: { system: "intake" }, teamId: version.model.teamId, action: "intake.failed", subjectType: "model_version", subjectId: version.id,
      before: { intakeStatus: "RUNNING" }, after: { intakeStatus: "FAILED", reason, model: version.model.name, number: version.number },
    });
    return recordWebhookEvent(tx, { teamId: version.model.teamId, event: "intake.failed", data: { model: { id: version.model.id, name: version.model.name }, version: { id: version.id, number: version.number }, reason } });
  });
  await dispatchWebhookDeliveries(webhookDeliveryIds);
  return "failed";
}

// Called when BullMQ gives up on a job after its last attempt (only transient errors are retried).
export async function failIntakeRun(runId: string, message: string): Promise<void> {
  const run = await db.intakeRun.findUnique({ where: { id: runId }, select: { status: true, versionId: true, version: { select: { number: true, model: { select: { id: true, name: true, teamId: true } } } } } });
  if (!run || run.status === "SUCCEEDED" || run.status === "FAILED") return;
  const reason = `Intake could not complete: ${message}`;
  const webhookDeliveryIds = await db.$transaction(async (tx) => {
    await tx.intakeRun.update({ where: { id: runId }, data: { status: "FAILED", finishedAt: new Date(), error: reason } });
    await tx.modelVersion.update({ where: { id: run.versionId }, data: { intakeStatus: "FAILED", intakeError: reason } });
    await appendAuditEvent(tx, { actor: { system: "intake" }, teamId: run.version.model.teamId, action: "intake.failed", subjectType: "model_version", subjectId: run.versionId, after: { intakeStatus: "FAILED", reason } });
    const { model } = run.version;
    return recordWebhookEvent(tx, { teamId: model.teamId, event: "intake.failed", data: { model: { id: model.id, name: model.name }, version: { id: run.versionId, number: run.version.number }, reason } });
  });
  await dispatchWebhookDeliveries(webhookDeliveryIds);
}
