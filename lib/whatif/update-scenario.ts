import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { checkScenarioBody } from "@/lib/whatif/check-scenario-body";
import { SCENARIO_SELECT, toScenarioDto, type TScenarioDto } from "@/lib/whatif/scenario-dto";

/**
 * PUT /api/v1/scenarios/{id}: replaces a scenario's name, inputs and versions. Only its author
 * changes it; requests it is attached to keep the figures frozen when they were attached.
 */
export async function updateScenario(actor: TActor, scenarioId: string, body: unknown): Promise<TScenarioDto> {
  const current = await db.scenario.findUnique({
    where: { id: scenarioId },
    select: { id: true, name: true, inputs: true, versions: true, createdById: true, model: { select: { id: true, teamId: true, task: true, versions: { select: { id: true } } } } },
  });
  if (!current) throw notFound("Scenario");
  assertCan(actor, "scenario.save", current.model.teamId, "Scenario");
  if (current.createdById !== actor.userId) throw forbidden("Only the author of a scenario may change it; save your own copy under another name");
  const input = checkScenarioBody(body, current.model);
  try {
    const row = await db.$transaction(async (tx) => {
      const updated = await tx.scenario.update({ where: { id: scenarioId }, data: { name: input.name, inputs: input.inputs, versions: input.versions }, select: SCENARIO_SELECT });
      await appendAuditEvent(tx, {
        actor, teamId: current.model.teamId, action: "scenario.updated", subjectType: "scenario", subjectId: scenarioId,
        before: { name: current.name, inputs: current.inputs, versions: current.versions }, after: { name: input.name, inputs: input.inputs, versions: input.versions },
      });
      return updated;
    });
    return toScenarioDto(row, actor);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`name: this model already has a scenario named "${input.name}"`);
    throw e;
  }
}
