import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { applyScheduleToQueue } from "@/lib/scoring/apply-schedule-to-queue";

// DELETE /api/v1/scoring-schedules/{id}. Runs it already made stay, listed with the model's jobs; a
// run in progress finishes.
export async function deleteScoringSchedule(actor: TActor, id: string): Promise<void> {
  const schedule = await db.scoringSchedule.findUnique({ where: { id }, select: { id: true, name: true, cron: true, timezone: true, datasetId: true, model: { select: { name: true, teamId: true } } } });
  if (!schedule) throw notFound("Scoring schedule");
  assertCan(actor, "scoring.run", schedule.model.teamId, "Scoring schedule");
  await db.$transaction(async (tx) => {
    await tx.scoringSchedule.delete({ where: { id } });
    await appendAuditEvent(tx, {
      actor, teamId: schedule.model.teamId, action: "scoring_schedule.deleted", subjectType: "scoring_schedule", subjectId: id,
      before: { model: schedule.model.name, name: schedule.name, cron: schedule.cron, timezone: schedule.timezone, datasetId: schedule.datasetId },
    });
  });
  await applyScheduleToQueue(id, null);
}
