import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { conflict, forbidden, notFound } from "@/lib/errors";

/**
 * DELETE /api/v1/scenarios/{id}: its author removes it. A scenario attached to a promotion request is
 * evidence of that decision and stays (deleting it would drop the attachment with it).
 */
export async function deleteScenario(actor: TActor, scenarioId: string): Promise<void> {
  const current = await db.scenario.findUnique({
    where: { id: scenarioId },
    select: { id: true, name: true, createdById: true, modelId: true, model: { select: { teamId: true } }, _count: { select: { requests: true } } },
  });
  if (!current) throw notFound("Scenario");
  assertCan(actor, "scenario.save", current.model.teamId, "Scenario");
  if (current.createdById !== actor.userId) throw forbidden("Only the author of a scenario may delete it");
  if (current._count.requests > 0) throw conflict(`The scenario is attached to ${current._count.requests} promotion request(s) as evidence and cannot be deleted`);
  await db.$transaction(async (tx) => {
    // Only while nothing is attached, checked in the delete itself: an approver attaching it meanwhile wins.
    const { count } = await tx.scenario.deleteMany({ where: { id: scenarioId, requests: { none: {} } } });
    if (count === 0) throw conflict("The scenario was just attached to a promotion request as evidence and cannot be deleted");
    await appendAuditEvent(tx, { actor, teamId: current.model.teamId, action: "scenario.deleted", subjectType: "scenario", subjectId: scenarioId, before: { modelId: current.modelId, name: current.name } });
  });
}
