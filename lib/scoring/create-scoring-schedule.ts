import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db-errors";
import { applyScheduleToQueue } from "@/lib/scoring/apply-schedule-to-queue";
import { ZCreateScoringSchedule } from "@/lib/scoring/schedule-input";

// POST /api/v1/models/{id}/scoring-schedules: { name, datasetId, cron, timezone?, active? }. Each run
// re-scores the dataset with the model's production version of the moment.
export async function createScoringSchedule(actor: TActor, modelId: string, raw: unknown): Promise<{ id: string }> {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { id: true, name: true, teamId: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "scoring.run", model.teamId, "Model");
  const input = ZCreateScoringSchedule.parse(raw);
  const dataset = await db.dataset.findUnique({ where: { id: input.datasetId }, select: { id: true, name: true, teamId: true } });
  if (!dataset || dataset.teamId !== model.teamId) throw notFound("Dataset");
  let row: { id: string; cron: string; timezone: string; active: boolean };
  try {
    row = await db.$transaction(async (tx) => {
      const created = await tx.scoringSchedule.create({
        data: { modelId: model.id, datasetId: dataset.id, name: input.name, cron: input.cron, timezone: input.timezone, active: input.active, createdById: actor.userId },
        select: { id: true, cron: true, timezone: true, active: true },
      });
      await appendAuditEvent(tx, {
        actor, teamId: model.teamId, action: "scoring_schedule.created", subjectType: "scoring_schedule", subjectId: created.id,
        after: { model: model.name, name: input.name, dataset: dataset.name, cron: input.cron, timezone: input.timezone, active: input.active },
      });
      return created;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`Model ${model.name} already has a schedule named '${input.name}'`, [{ path: "name", message: `'${input.name}' is taken for this model` }]);
    throw e;
  }
  await applyScheduleToQueue(row.id, row);
  return { id: row.id };
}
