import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { SCENARIO_SELECT, toScenarioDto, type TScenarioDto } from "@/lib/whatif/scenario-dto";

/** GET /api/v1/models/{id}/scenarios: the model's saved scenarios, most recently changed first. */
export async function listScenarios(actor: TActor, modelId: string): Promise<TScenarioDto[]> {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { teamId: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.teamId, "Model");
  const rows = await db.scenario.findMany({ where: { modelId }, orderBy: { updatedAt: "desc" }, take: 200, select: SCENARIO_SELECT });
  return rows.map((r) => toScenarioDto(r, actor));
}
