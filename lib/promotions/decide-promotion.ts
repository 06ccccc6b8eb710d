import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError, conflict } from "@/lib/errors";
import { notifyUsers } from "@/lib/notifications/notify";
import { requestState } from "@/lib/promotions/request-state";
import { routes } from "@/lib/routes";
import { dispatchWebhookDeliveries, recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";

export const ZDecision = z.object({
  decision: z.enum(["approve", "reject"], { error: "decision must be 'approve' or 'reject'" }),
  comment: z.string().max(2000, "the comment is at most 2,000 characters").default(""),
}).refine((d) => d.decision === "approve" || d.comment.trim().length > 0, { message: "a rejection needs a comment saying why", path: ["comment"] });

/**
 * POST /api/v1/promotion-requests/{id}/decisions: an approver approves or rejects. Separation of
 * duties: neither the version's uploader nor the requester may decide. The decision records the
 * evidence on screen (gate results with numbers, evaluation ids, policy revision); it counts only
 * while that evidence is current. A rejection closes the request.
 */
export async function decidePromotion(actor: TActor, requestId: string, raw: unknown) {
  const before = await requestState(requestId);
  const { request } = before;
  assertCan(actor, "promotion.decide", request.model.teamId, "Promotion request");
  const input = ZDecision.parse(raw);
  const label = `${request.model.name} v${request.version.number}`;
  if (request.status !== "PENDING") throw conflict(`This request is ${request.status.toLowerCase()}; it takes no more decisions`);
  if (request.version.uploadedById === actor.userId) throw new AppError("forbidden", `You uploaded ${label}; another approver must decide (separation of duties)`);
  if (request.requestedBy.id === actor.userId) throw new AppError("forbidden", `You requested this promotion; another approver must decide (separation of duties)`);

  const evidence = { evidence: before.report.evidence, evidenceHash: before.report.evidenceHash, items: before.report.items.filter((i) => i.key !== "approvals") };
  const deliveries = await db.$transaction(async (tx) => {
    // The request row is locked so a decision and a promotion of the same request are ordered.
    const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM promotion_requests WHERE id = ${request.id} FOR UPDATE`;
    if (locked?.status !== "PENDING") throw conflict(`This request is ${String(locked?.status ?? "gone").toLowerCase()}; it takes no more decisions`);
    const approval = await tx.approval.create({
      data: {
        requestId: request.id, approverId: actor.userId, decision: input.decision === "approve" ? "APPROVE" : "REJECT", comment: input.comment,
        evidenceHash: before.report.evidenceHash, evidence: evidence as unknown as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    if (input.decision === "reject") {
      await tx.promotionRequest.update({ where: { id: request.id }, data: { status: "REJECTED", closedReason: `rejected by ${actor.name}: ${input.comment}`, closedAt: new Date() } });
    }
    await appendAuditEvent(tx, {
      actor, teamId: request.model.teamId, action: "promotion.decided", subjectType: "promotion_request", subjectId: request.id,
      after: { approvalId: approval.id, decision: input.decision, comment: input.comment, model: request.model.name, number: request.version.number, targetStage: request.targetStage, evidenceHash: before.report.evidenceHash, gates: evidence.items.map((i) => `${i.status}: ${i.detail}`) },
    });
    await notifyUsers(tx, [request.requestedBy.id].filter((id) => id !== actor.userId), {
      kind: "promotion.decided",
      title: `${actor.name} ${input.decision === "approve" ? "approved" : "rejected"} ${label} → ${request.targetStage.toLowerCase()}`,
      body: input.comment,
      href: routes.version(request.version.id),
    });
    return recordWebhookEvent(tx, {
      teamId: request.model.teamId, event: "promotion.decided",
      data: {
        requestId: request.id, model: { id: request.model.id, name: request.model.name }, version: { id: request.version.id, number: request.version.number },
        targetStage: request.targetStage, decision: input.decision, comment: input.comment, decidedBy: actor.email, approvalId: approval.id,
        requestStatus: input.decision === "reject" ? "REJECTED" : "PENDING", evidenceHash: before.report.evidenceHash,
      },
    });
  });
  await dispatchWebhookDeliveries(deliveries);
  return requestState(request.id);
}
