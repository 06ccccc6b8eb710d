import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import type { TAttachedScenario } from "@/lib/whatif/attach-scenario";
import type { TScenarioSummary } from "@/lib/whatif/summarize-scenario";

/**
 * GET /api/v1/promotion-requests/{id}/scenarios: the scenarios attached to a request with their
 * frozen figures; for an approver of an open request, also the model's scenarios still attachable.
 */
export async function listRequestScenarios(actor: TActor, requestId: string): Promise<{ modelId: string; attached: TAttachedScenario[]; attachable: { id: string; name: string; createdBy: string }[]; canAttach: boolean }> {
  const request = await db.promotionRequest.findUnique({
    where: { id: requestId },
    select: {
      status: true, modelId: true, model: { select: { teamId: true } },
      scenarios: { orderBy: { createdAt: "asc" }, select: { scenarioId: true, summary: true, createdAt: true, attachedBy: { select: { id: true, name: true } } } },
    },
  });
  if (!request) throw notFound("Promotion request");
  assertCan(actor, "model.read", request.model.teamId, "Promotion request");
  const canAttach = request.status === "PENDING" && can(actor, "scenario.attach", request.model.teamId);
  const attachedIds = new Set(request.scenarios.map((s) => s.scenarioId));
  const attachable = canAttach
    ? (await db.scenario.findMany({ where: { modelId: request.modelId }, orderBy: { updatedAt: "desc" }, take: 100, select: { id: true, name: true, createdBy: { select: { name: true } } } }))
      .filter((s) => !attachedIds.has(s.id)).map((s) => ({ id: s.id, name: s.name, createdBy: s.createdBy.name }))
    : [];
  return {
    modelId: request.modelId,
    attached: request.scenarios.map((s) => ({ scenarioId: s.scenarioId, summary: s.summary as TScenarioSummary, attachedBy: s.attachedBy, createdAt: s.createdAt.toISOString() })),
    attachable,
    canAttach,
  };
}
