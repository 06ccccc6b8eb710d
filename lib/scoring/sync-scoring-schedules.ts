import type { Queue } from "bullmq";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { SCORING_SCHEDULER_PREFIX, syncScoringSchedule } from "@/lib/scoring/sync-scoring-schedule";

/**
 * Re-creates BullMQ's job schedulers from the ScoringSchedule rows (the rows are the truth): every
 * active schedule gets its scheduler, with its current cron and time zone, and a scheduler left for a
 * paused or deleted schedule is removed. Run when workers start and by the reconciler, so a schedule
 * written while Redis was unreachable, or a Redis that lost its keys, catches up within a minute.
 * Returns how many schedulers it created, changed or removed.
 */
export async function syncScoringSchedules(queue: Queue): Promise<number> {
  const [rows, existing] = await Promise.all([
    db.scoringSchedule.findMany({ where: { active: true }, select: { id: true, cron: true, timezone: true, active: true } }),
    queue.getJobSchedulers(0, -1),
  ]);
  const current = new Map(existing.filter((s) => s.key.startsWith(SCORING_SCHEDULER_PREFIX)).map((s) => [s.key.slice(SCORING_SCHEDULER_PREFIX.length), s]));
  let changed = 0;
  for (const row of rows) {
    const s = current.get(row.id);
    current.delete(row.id);
    if (s && s.pattern === row.cron && (s.tz ?? "UTC") === row.timezone) continue;
    await syncScoringSchedule(queue, row.id, row);
    changed++;
  }
  for (const stale of current.keys()) {
    await syncScoringSchedule(queue, stale, null);
    changed++;
  }
  if (changed) logger.info("scoring schedulers re-synced from the database", { changed });
  return changed;
}
