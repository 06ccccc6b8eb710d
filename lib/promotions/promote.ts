import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { conflict } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db-errors";
import { approversOf, notifyUsers } from "@/lib/notifications/notify";
import { requestState } from "@/lib/promotions/request-state";
import { routes } from "@/lib/routes";
import { publishServingChange } from "@/lib/serving/serving-events";
import { dispatchWebhookDeliveries, recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";

/**
 * POST /api/v1/promotion-requests/{id}/promote: runs a promotion whose gates all pass and whose
 * quorum is met. One transaction, under a lock on the model row:
 *  - the stage the gates were judged against must still be the stage now (same production version
 *    as the evidence, same incumbent at the target): otherwise 409, the approvals being void;
 *  - the incumbent at the target stage moves to ARCHIVED and is remembered as the rollback target;
 *  - the version moves to the target stage; the partial unique index makes a second production
 *    version impossible whatever happens around this code;
 *  - a stage transition stores the immutable evidence snapshot; audit and inbox notices land with it.
 */
export async function promote(actor: TActor, requestId: string) {
  const state = await requestState(requestId);
  const { request, target } = state;
  assertCan(actor, target === "PRODUCTION" ? "promotion.execute.production" : "promotion.execute.staging", request.model.teamId, "Promotion request");
  const label = `${request.model.name} v${request.version.number}`;
  if (request.status !== "PENDING") throw conflict(`This request is ${request.status.toLowerCase()}; it cannot be promoted`);
  if (!state.ready) {
    const blocking = state.report.items.filter((i) => i.status !== "pass").map((i) => `${i.label}: ${i.detail}`);
    throw conflict(`${label} cannot be promoted yet: ${blocking.join("; ")}`, blocking.map((message) => ({ path: "gates", message })));
  }
  const expectedBaseline = state.report.evidence.baseline?.versionId ?? null;
  const snapshot = {
    request: { id: request.id, comment: request.comment, requestedBy: request.requestedBy.email, requestedAt: request.createdAt },
    version: { id: request.version.id, number: request.version.number, modelSha256: state.report.evidence.modelSha256 },
    dataset: state.report.evidence.dataset,
    evaluations: { candidate: state.report.evidence.candidateEvaluationId, baseline: state.report.evidence.baseline },
    policy: { revision: state.report.evidence.policyRevision, config: state.report.policy },
    gates: state.report.items,
    evidenceHash: state.report.evidenceHash,
    approvals: state.decisions.filter((d) => d.valid).map((d) => ({ approver: d.approver.email, decision: d.decision, comment: d.comment, at: d.createdAt })),
    promotedBy: actor.email,
  };

  try {
    const { deliveries, ...result } = await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM registered_models WHERE id = ${request.model.id} FOR UPDATE`;
      const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM promotion_requests WHERE id = ${request.id} FOR UPDATE`;
      if (locked?.status !== "PENDING") throw conflict(`This request is ${String(locked?.status ?? "gone").toLowerCase()}; it cannot be promoted`);
      const [production, incumbent, version] = await Promise.all([
        tx.modelVersion.findFirst({ where: { modelId: request.model.id, stage: "PRODUCTION" }, select: { id: true, number: true } }),
        tx.modelVersion.findFirst({ where: { modelId: request.model.id, stage: target }, select: { id: true, number: true } }),
        tx.modelVersion.findUniqueOrThrow({ where: { id: request.version.id }, select: { stage: true } }),
      ]);
      if (target === "PRODUCTION" && (production?.id ?? null) !== expectedBaseline && production?.id !== request.version.id) {
        const was = state.report.evidence.baseline ? `v${state.report.evidence.baseline.number}` : "no production version";
        throw conflict(`Production changed from ${was} to v${production?.number} while this promotion was decided; the gates and approvals were for ${was} and are void`);
      }
      if (version.stage === target) throw conflict(`${label} is already ${target.toLowerCase()}`);
      if (version.stage === "PRODUCTION") throw conflict(`${label} is production; it cannot move to ${target.toLowerCase()}`);

      if (incumbent) await tx.modelVersion.update({ where: { id: incumbent.id }, data: { stage: "ARCHIVED" } });
      await tx.modelVersion.update({ where: { id: request.version.id }, data: { stage: target } });
      await tx.promotionRequest.update({ where: { id: request.id }, data: { status: "PROMOTED", closedAt: new Date(), closedReason: `promoted by ${actor.name}` } });
      // The version's other open requests (e.g. to staging, when it went straight to production) are moot.
      await tx.promotionRequest.updateMany({
        where: { versionId: request.version.id, status: "PENDING", id: { not: request.id } },
        data: { status: "SUPERSEDED", closedAt: new Date(), closedReason: `${label} was promoted to ${target.toLowerCase()}` },
      });
      const transition = await tx.stageTransition.create({
        data: {
          modelId: request.model.id, versionId: request.version.id, kind: "PROMOTION", fromStage: version.stage, toStage: target,
          previousVersionId: incumbent?.id ?? null, requestId: request.id, actorId: actor.userId, reason: request.comment,
          snapshot: { ...snapshot, incumbent: incumbent ? { id: incumbent.id, number: incumbent.number } : null } as unknown as Prisma.InputJsonValue,
        },
        select: { id: true, createdAt: true },
      });
      await appendAuditEvent(tx, {
        actor, teamId: request.model.teamId, action: "stage.changed", subjectType: "model_version", subjectId: request.version.id,
        before: { stage: version.stage, incumbent: incumbent ? `v${incumbent.number}` : null },
        after: { stage: target, model: request.model.name, number: request.version.number, requestId: request.id, transitionId: transition.id, archived: incumbent ? `v${incumbent.number}` : null, evidenceHash: state.report.evidenceHash },
      });
      const recipients = [request.requestedBy.id, request.version.uploadedById, ...(await approversOf(tx, request.model.teamId))].filter((id) => id !== actor.userId);
      await notifyUsers(tx, recipients, {
        kind: "stage.changed",
        title: `${label} is now ${target.toLowerCase()}${incumbent ? ` (v${incumbent.number} archived)` : ""}`,
        body: `Promoted by ${actor.name}.`,
        href: routes.model(request.model.id),
      });
      const deliveries = await recordWebhookEvent(tx, {
        teamId: request.model.teamId, event: "stage.changed",
        data: {
          transitionId: transition.id, kind: "promotion", requestId: request.id, model: { id: request.model.id, name: request.model.name },
          version: { id: request.version.id, number: request.version.number }, fromStage: version.stage, toStage: target,
          archived: incumbent ? { id: incumbent.id, number: incumbent.number } : null, promotedBy: actor.email, evidenceHash: state.report.evidenceHash,
        },
      });
      return { transitionId: transition.id, versionId: request.version.id, stage: target, archived: incumbent, deliveries };
    });
    await dispatchWebhookDeliveries(deliveries);
    await publishServingChange({ modelId: request.model.id, reason: "stage.changed" });
    return result;
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`Another version of ${request.model.name} reached ${target.toLowerCase()} at the same moment; reload and decide again`);
    throw e;
  }
}
