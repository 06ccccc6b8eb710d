import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { conflict, notFound } from "@/lib/errors";
import { approversOf, notifyUsers } from "@/lib/notifications/notify";
import { ensureEvidence } from "@/lib/promotions/ensure-evidence";
import { routes } from "@/lib/routes";
import { isUniqueViolation } from "@/lib/db-errors";
import { dispatchWebhookDeliveries, recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";

export const ZPromotionRequest = z.object({
  targetStage: z.enum(["STAGING", "PRODUCTION"], { error: "targetStage must be STAGING or PRODUCTION" }),
  comment: z.string().max(2000, "the comment is at most 2,000 characters").default(""),
});

// Which stages a version may be asked to move to from where it is.
const ALLOWED_FROM: Record<string, ("STAGING" | "PRODUCTION")[]> = {
  DEVELOPMENT: ["STAGING", "PRODUCTION"],
  STAGING: ["PRODUCTION"],
  ARCHIVED: ["STAGING", "PRODUCTION"],
  PRODUCTION: [],
};

/**
 * POST /api/v1/versions/{id}/promotion-requests: a data scientist (or approver) asks for a version to
 * move to STAGING or PRODUCTION. The team's approvers get it in their inbox (and by webhook); the
 * evaluations the gates need and nobody has started (this version's, production's baseline) are
 * queued at once.
 */
export async function requestPromotion(actor: TActor, versionId: string, raw: unknown) {
  const version = await db.modelVersion.findUnique({
    where: { id: versionId },
    select: { id: true, number: true, stage: true, intakeStatus: true, model: { select: { id: true, name: true, teamId: true } } },
  });
  if (!version) throw notFound("Version");
  assertCan(actor, "promotion.request", version.model.teamId, "Version");
  const input = ZPromotionRequest.parse(raw);
  const label = `${version.model.name} v${version.number}`;
  if (!ALLOWED_FROM[version.stage].includes(input.targetStage)) {
    throw conflict(`${label} is ${version.stage.toLowerCase()}; it cannot be requested for ${input.targetStage.toLowerCase()}`);
  }
  if (version.intakeStatus !== "PASSED") throw conflict(`${label} has not passed intake (${version.intakeStatus.toLowerCase()}); it cannot be promoted`);

  let request: { id: string; deliveries: string[] };
  try {
    request = await db.$transaction(async (tx) => {
      const row = await tx.promotionRequest.create({
        data: { modelId: version.model.id, versionId: version.id, targetStage: input.targetStage, comment: input.comment, requestedById: actor.userId },
        select: { id: true },
      });
      await appendAuditEvent(tx, {
        actor, teamId: version.model.teamId, action: "promotion.requested", subjectType: "promotion_request", subjectId: row.id,
        after: { model: version.model.name, number: version.number, targetStage: input.targetStage, comment: input.comment },
      });
      const approvers = (await approversOf(tx, version.model.teamId)).filter((id) => id !== actor.userId);
      await notifyUsers(tx, approvers, {
        kind: "promotion.requested",
        title: `${actor.name} requests ${label} → ${input.targetStage.toLowerCase()}`,
        body: input.comment,
        href: routes.version(version.id),
      });
      const deliveries = await recordWebhookEvent(tx, {
        teamId: version.model.teamId, event: "promotion.requested",
        data: { requestId: row.id, model: { id: version.model.id, name: version.model.name }, version: { id: version.id, number: version.number, stage: version.stage }, targetStage: input.targetStage, comment: input.comment, requestedBy: actor.email },
      });
      return { id: row.id, deliveries };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`${label} already has an open request for ${input.targetStage.toLowerCase()}`);
    throw e;
  }
  await dispatchWebhookDeliveries(request.deliveries);
  await ensureEvidence(version.id, input.targetStage, actor.userId);
  return { id: request.id };
}
