import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";

// Called when BullMQ gives up on a score job after its last attempt (infrastructure errors only: bad
// data is recorded by runScoringJob itself). Nothing was published: files are stored only on success.
export async function failScoringJob(jobId: string, message: string): Promise<void> {
  const job = await db.scoringJob.findUnique({ where: { id: jobId }, select: { status: true, model: { select: { teamId: true } } } });
  if (!job || (job.status !== "QUEUED" && job.status !== "RUNNING")) return;
  const error = `Scoring could not complete: ${message}`;
  await db.$transaction(async (tx) => {
    const { count } = await tx.scoringJob.updateMany({ where: { id: jobId, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "FAILED", finishedAt: new Date(), error } });
    if (count) await appendAuditEvent(tx, { actor: { system: "score" }, teamId: job.model.teamId, action: "scoring.failed", subjectType: "scoring_job", subjectId: jobId, after: { status: "FAILED", error } });
  });
}
