import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";

// POST /api/v1/scoring-jobs/{id}/cancel. A job no worker has started is cancelled at once (so it
// does not wait for one); a running job is marked, and its worker stops the sandbox within a second.
// Either way nothing is published.
export async function cancelScoringJob(actor: TActor, id: string): Promise<void> {
  const job = await db.scoringJob.findUnique({ where: { id }, select: { id: true, status: true, model: { select: { teamId: true } } } });
  if (!job) throw notFound("Scoring job");
  assertCan(actor, "scoring.run", job.model.teamId, "Scoring job");
  if (job.status !== "QUEUED" && job.status !== "RUNNING") throw conflict(`The scoring job has already ${job.status.toLowerCase()}`);
  await db.$transaction(async (tx) => {
    const now = new Date();
    await tx.scoringJob.update({ where: { id }, data: { cancelRequestedAt: now } });
    await appendAuditEvent(tx, { actor, teamId: job.model.teamId, action: "scoring.cancel_requested", subjectType: "scoring_job", subjectId: id });
    const { count } = await tx.scoringJob.updateMany({ where: { id, status: "QUEUED" }, data: { status: "CANCELLED", finishedAt: now, error: "cancelled before it started" } });
    if (count) await appendAuditEvent(tx, { actor, teamId: job.model.teamId, action: "scoring.cancelled", subjectType: "scoring_job", subjectId: id, after: { status: "CANCELLED" } });
  });
}
