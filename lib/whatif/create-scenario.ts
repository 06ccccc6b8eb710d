import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { conflict, notFound } from "@/lib/errors";
import { checkScenarioBody } from "@/lib/whatif/check-scenario-body";
import { SCENARIO_SELECT, toScenarioDto, type TScenarioDto } from "@/lib/whatif/scenario-dto";

/** POST /api/v1/models/{id}/scenarios: saves a what-if under a name unique within the model; audited. */
export async function createScenario(actor: TActor, modelId: string, body: unknown): Promise<TScenarioDto> {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { id: true, teamId: true, task: true, versions: { select: { id: true } } } });
  if (!model) throw notFound("Model");
  assertCan(actor, "scenario.save", model.teamId, "Model");
  const input = checkScenarioBody(body, model);
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.scenario.create({ data: { modelId, name: input.name, inputs: input.inputs, versions: input.versions, createdById: actor.userId }, select: SCENARIO_SELECT });
      await appendAuditEvent(tx, { actor, teamId: model.teamId, action: "scenario.saved", subjectType: "scenario", subjectId: created.id, after: { modelId, name: input.name, inputs: input.inputs, versions: input.versions } });
      return created;
    });
    return toScenarioDto(row, actor);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`name: this model already has a scenario named "${input.name}"`);
    throw e;
  }
}
