import { z } from "zod";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { conflict, invalidInput, notFound } from "@/lib/errors";
import { evaluateScenario } from "@/lib/whatif/evaluate-scenario";
import { summarizeScenario, type TScenarioSummary } from "@/lib/whatif/summarize-scenario";

const ZAttach = z.object({ scenarioId: z.string({ error: "scenarioId is required" }).min(1, "scenarioId is required") }).strict();

export type TAttachedScenario = { scenarioId: string; summary: TScenarioSummary; attachedBy: { id: string; name: string }; createdAt: string };

/**
 * POST /api/v1/promotion-requests/{id}/scenarios: an approver attaches one of the model's scenarios
 * to an open promotion request as business evidence. Its headline figures are computed now and
 * frozen with the attachment, so later edits of the scenario or new evaluations do not change what
 * the request showed. Audited.
 */
export async function attachScenario(actor: TActor, requestId: string, body: unknown): Promise<TAttachedScenario> {
  const request = await db.promotionRequest.findUnique({ where: { id: requestId }, select: { id: true, status: true, modelId: true, model: { select: { teamId: true } } } });
  if (!request) throw notFound("Promotion request");
  assertCan(actor, "scenario.attach", request.model.teamId, "Promotion request");
  const { scenarioId } = ZAttach.parse(body);
  const scenario = await db.scenario.findUnique({ where: { id: scenarioId }, select: { modelId: true } });
  if (!scenario || scenario.modelId !== request.modelId) throw invalidInput("scenarioId is not a scenario of this request's model");
  if (request.status !== "PENDING") throw conflict(`The request is ${request.status.toLowerCase()}; scenarios are attached to open requests only`);
  const { scenario: dto, result } = await evaluateScenario(actor, scenarioId);
  const summary = summarizeScenario(dto.name, dto.inputs, result);
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.promotionScenario.create({
        data: { requestId, scenarioId, summary, attachedById: actor.userId },
        select: { scenarioId: true, createdAt: true, attachedBy: { select: { id: true, name: true } } },
      });
      await appendAuditEvent(tx, { actor, teamId: request.model.teamId, action: "scenario.attached", subjectType: "promotion_request", subjectId: requestId, after: { scenarioId, summary } });
      return created;
    });
    return { scenarioId: row.scenarioId, summary, attachedBy: row.attachedBy, createdAt: row.createdAt.toISOString() };
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`The scenario "${dto.name}" is already attached to this request`);
    throw e;
  }
}
