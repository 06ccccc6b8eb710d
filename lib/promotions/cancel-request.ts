import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { TActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { AppError, conflict, notFound } from "@/lib/errors";

/** POST /api/v1/promotion-requests/{id}/cancel: the requester (or an approver) withdraws an open request. */
export async function cancelRequest(actor: TActor, requestId: string) {
  const request = await db.promotionRequest.findUnique({
    where: { id: requestId },
    select: { id: true, status: true, requestedById: true, targetStage: true, model: { select: { name: true, teamId: true } }, version: { select: { number: true } } },
  });
  if (!request) throw notFound("Promotion request");
  assertCan(actor, "promotion.request", request.model.teamId, "Promotion request");
  if (request.requestedById !== actor.userId && !can(actor, "promotion.decide", request.model.teamId)) throw new AppError("forbidden", "Only the requester or an approver may withdraw this request");
  await db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM promotion_requests WHERE id = ${request.id} FOR UPDATE`;
    if (locked?.status !== "PENDING") throw conflict(`This request is ${String(locked?.status ?? "gone").toLowerCase()}; it cannot be withdrawn`);
    await tx.promotionRequest.update({ where: { id: request.id }, data: { status: "CANCELLED", closedAt: new Date(), closedReason: `withdrawn by ${actor.name}` } });
    await appendAuditEvent(tx, {
      actor, teamId: request.model.teamId, action: "promotion.cancelled", subjectType: "promotion_request", subjectId: request.id,
      after: { model: request.model.name, number: request.version.number, targetStage: request.targetStage },
    });
  });
  return { id: request.id, status: "CANCELLED" as const };
}
