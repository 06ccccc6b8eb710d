import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { SCORING_SCHEDULE_SELECT, toScoringScheduleDto } from "@/lib/scoring/scoring-schedule-dto";

// GET /api/v1/models/{id}/scoring-schedules: the model's schedules, oldest first.
export async function listScoringSchedules(actor: TActor, modelId: string) {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { teamId: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.teamId, "Model");
  const schedules = await db.scoringSchedule.findMany({ where: { modelId }, orderBy: { createdAt: "asc" }, select: SCORING_SCHEDULE_SELECT });
  return schedules.map(toScoringScheduleDto);
}
