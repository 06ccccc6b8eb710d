import { logger } from "@/lib/logger";
import { getQueue } from "@/lib/queue/producers";
import { syncScoringSchedule, type TScheduleForScheduler } from "@/lib/scoring/sync-scoring-schedule";

// After a schedule row changes (committed), its BullMQ scheduler follows. Redis being unreachable does
// not undo the change: the row is the truth, and the reconciler re-syncs schedulers every minute.
export async function applyScheduleToQueue(scheduleId: string, schedule: TScheduleForScheduler | null): Promise<void> {
  try {
    await syncScoringSchedule(getQueue("housekeeping"), scheduleId, schedule);
  } catch (err) {
    logger.warn("could not update the scoring schedule's job scheduler; the reconciler will", { scheduleId, err });
  }
}
