import type { Queue } from "bullmq";
import { DEFAULT_JOB_OPTIONS } from "@/lib/queue/queues";

export type TScheduleForScheduler = { id: string; cron: string; timezone: string; active: boolean };

/** Ids of the BullMQ job schedulers that fire ScoringSchedules: this prefix and the row id (no ':'). */
export const SCORING_SCHEDULER_PREFIX = "scoring-schedule-";

/**
 * Makes the housekeeping queue's job scheduler match one schedule row (the row is the truth): an
 * active schedule gets a scheduler that adds { task: "schedule", scheduleId } on its cron, in its
 * time zone; a paused or deleted one (null) has none. Upserting an unchanged scheduler keeps its next
 * run, so this is safe to repeat.
 */
export async function syncScoringSchedule(queue: Queue, scheduleId: string, schedule: TScheduleForScheduler | null): Promise<void> {
  const id = `${SCORING_SCHEDULER_PREFIX}${scheduleId}`;
  if (!schedule || !schedule.active) {
    await queue.removeJobScheduler(id);
    return;
  }
  await queue.upsertJobScheduler(id, { pattern: schedule.cron, tz: schedule.timezone }, {
    name: "schedule",
    data: { task: "schedule", scheduleId },
    opts: DEFAULT_JOB_OPTIONS.housekeeping,
  });
}
