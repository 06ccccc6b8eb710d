import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";

// Called when BullMQ gives up on an evaluate job after its last attempt (infrastructure errors only:
// bad data is recorded by runEvaluation itself).
export async function failEvaluationRun(runId: string, message: string): Promise<void> {
  const run = await db.evaluationRun.findUnique({ where: { id: runId }, select: { status: true, version: { select: { model: { select: { teamId: true } } } } } });
  if (!run || (run.status !== "QUEUED" && run.status !== "RUNNING")) return;
  const error = `Evaluation could not complete: ${message}`;
  await db.$transaction(async (tx) => {
    const { count } = await tx.evaluationRun.updateMany({ where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "FAILED", finishedAt: new Date(), error } });
    if (count) await appendAuditEvent(tx, { actor: { system: "evaluate" }, teamId: run.version.model.teamId, action: "evaluation.failed", subjectType: "evaluation_run", subjectId: runId, after: { status: "FAILED", error } });
  });
}
