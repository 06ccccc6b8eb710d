import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { conflict, invalidInput, notFound } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db-errors";
import { applyScheduleToQueue } from "@/lib/scoring/apply-schedule-to-queue";
import { nextRunOf, ZUpdateScoringSchedule } from "@/lib/scoring/schedule-input";

// PATCH /api/v1/scoring-schedules/{id}: rename, change dataset, cron or time zone, pause (active:
// false) or resume. The BullMQ scheduler follows the row.
export async function updateScoringSchedule(actor: TActor, id: string, raw: unknown): Promise<{ id: string }> {
  const current = await db.scoringSchedule.findUnique({
    where: { id },
    select: { id: true, name: true, datasetId: true, cron: true, timezone: true, active: true, model: { select: { id: true, name: true, teamId: true } } },
  });
  if (!current) throw notFound("Scoring schedule");
  assertCan(actor, "scoring.run", current.model.teamId, "Scoring schedule");
  const input = ZUpdateScoringSchedule.parse(raw);
  const next = { name: input.name ?? current.name, datasetId: input.datasetId ?? current.datasetId, cron: input.cron ?? current.cron, timezone: input.timezone ?? current.timezone, active: input.active ?? current.active };
  const fires = nextRunOf(next.cron, next.timezone);
  if ("problem" in fires) throw invalidInput(`Invalid input: cron: ${fires.problem}`, [{ path: input.cron ? "cron" : "timezone", message: fires.problem }]);
  if (input.datasetId) {
    const dataset = await db.dataset.findUnique({ where: { id: input.datasetId }, select: { teamId: true } });
    if (!dataset || dataset.teamId !== current.model.teamId) throw notFound("Dataset");
  }
  try {
    await db.$transaction(async (tx) => {
      await tx.scoringSchedule.update({ where: { id }, data: next });
      await appendAuditEvent(tx, {
        actor, teamId: current.model.teamId, action: "scoring_schedule.updated", subjectType: "scoring_schedule", subjectId: id,
        before: { name: current.name, datasetId: current.datasetId, cron: current.cron, timezone: current.timezone, active: current.active },
        after: { model: current.model.name, ...next },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`Model ${current.model.name} already has a schedule named '${next.name}'`, [{ path: "name", message: `'${next.name}' is taken for this model` }]);
    throw e;
  }
  await applyScheduleToQueue(id, { id, cron: next.cron, timezone: next.timezone, active: next.active });
  return { id };
}
