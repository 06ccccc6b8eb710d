import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { SCORING_SCHEDULE_SELECT, toScoringScheduleDto } from "@/lib/scoring/scoring-schedule-dto";

export async function getScoringSchedule(actor: TActor, id: string) {
  const schedule = await db.scoringSchedule.findUnique({ where: { id }, select: SCORING_SCHEDULE_SELECT });
  if (!schedule) throw notFound("Scoring schedule");
  assertCan(actor, "model.read", schedule.model.teamId, "Scoring schedule");
  return toScoringScheduleDto(schedule);
}
