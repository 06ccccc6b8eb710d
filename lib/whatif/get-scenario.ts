import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { SCENARIO_SELECT, toScenarioDto, type TScenarioDto } from "@/lib/whatif/scenario-dto";

/** GET /api/v1/scenarios/{id}: one scenario, for anyone in its model's team (another team's answers 404). */
export async function getScenario(actor: TActor, scenarioId: string): Promise<TScenarioDto> {
  const row = await db.scenario.findUnique({ where: { id: scenarioId }, select: SCENARIO_SELECT });
  if (!row) throw notFound("Scenario");
  assertCan(actor, "model.read", row.model.teamId, "Scenario");
  return toScenarioDto(row, actor);
}
