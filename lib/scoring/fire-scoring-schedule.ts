import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { queueScoringJob } from "@/lib/scoring/start-scoring-job";

export type TFireResult = { jobId: string | null; skipped?: string };

/**
 * A schedule's cron came due (housekeeping job { task: "schedule", scheduleId }, added by its BullMQ
 * job scheduler): writes a ScoringJob row for "production of the model" on the schedule's dataset and
 * enqueues it. A paused or deleted schedule does nothing; neither does one whose previous run is still
 * queued or running, so slow runs never pile up behind a frequent cron.
 */
export async function fireScoringSchedule(scheduleId: string): Promise<TFireResult> {
  const schedule = await db.scoringSchedule.findUnique({
    where: { id: scheduleId },
    select: {
      id: true, name: true, active: true, createdById: true,
      model: { select: { id: true, name: true, teamId: true } },
      dataset: { select: { id: true, name: true, sha256: true } },
    },
  });
  if (!schedule) return { jobId: null, skipped: "the schedule no longer exists" };
  if (!schedule.active) return { jobId: null, skipped: "the schedule is paused" };
  const running = await db.scoringJob.findFirst({ where: { scheduleId, status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true } });
  if (running) {
    logger.info("scoring schedule is due but its previous run is still going; skipped", { scheduleId, jobId: running.id });
    return { jobId: null, skipped: "the previous run is still going" };
  }
  await db.scoringSchedule.update({ where: { id: scheduleId }, data: { lastRunAt: new Date() } });
  const { id } = await queueScoringJob({
    model: schedule.model, versionId: null, dataset: schedule.dataset, maxErrorShare: 0.05, scheduleId,
    requestedById: schedule.createdById, auditActor: { system: `scheduler:${schedule.name}` },
  });
  return { jobId: id };
}
