import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";

// Marks the run for cancelling; the worker sees the mark within a second and stops its sandbox.
export async function cancelEvaluation(actor: TActor, id: string): Promise<void> {
  const run = await db.evaluationRun.findUnique({ where: { id }, select: { id: true, status: true, version: { select: { model: { select: { teamId: true } } } } } });
  if (!run) throw notFound("Evaluation");
  assertCan(actor, "evaluation.run", run.version.model.teamId, "Evaluation");
  if (run.status !== "QUEUED" && run.status !== "RUNNING") throw conflict(`The evaluation has already ${run.status.toLowerCase()}`);
  await db.$transaction(async (tx) => {
    await tx.evaluationRun.update({ where: { id }, data: { cancelRequestedAt: new Date() } });
    await appendAuditEvent(tx, { actor, teamId: run.version.model.teamId, action: "evaluation.cancel_requested", subjectType: "evaluation_run", subjectId: id });
  });
}
