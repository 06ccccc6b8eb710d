import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { conflict, notFound } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db-errors";
import { approversOf, notifyUsers } from "@/lib/notifications/notify";
import { routes } from "@/lib/routes";
import { publishServingChange } from "@/lib/serving/serving-events";
import { dispatchWebhookDeliveries, recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";

export const ZRollback = z.object({
  reason: z.string({ error: "reason is required" }).trim().min(3, "say why production is rolled back (at least 3 characters)").max(2000),
});

/** The version a rollback would restore: the one the current production version replaced. */
export async function rollbackTarget(modelId: string) {
  const production = await db.modelVersion.findFirst({ where: { modelId, stage: "PRODUCTION" }, select: { id: true, number: true } });
  if (!production) return { production: null, target: null };
  const entered = await db.stageTransition.findFirst({
    where: { modelId, versionId: production.id, toStage: "PRODUCTION" },
    orderBy: { createdAt: "desc" },
    select: { previousVersion: { select: { id: true, number: true, stage: true, intakeStatus: true } } },
  });
  return { production, target: entered?.previousVersion ?? null };
}

/**
 * POST /api/v1/models/{id}/rollback: an approver puts the previous production version back, with a
 * reason. The same transaction shape as a promotion: lock the model, the current production version
 * moves to ARCHIVED, the previous one to PRODUCTION, a ROLLBACK transition and an audit event land
 * together. Rolling back twice returns to where it started.
 */
export async function rollback(actor: TActor, modelId: string, raw: unknown) {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { id: true, name: true, teamId: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "version.rollback", model.teamId, "Model");
  const { reason } = ZRollback.parse(raw);
  try {
    const { deliveries, ...result } = await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM registered_models WHERE id = ${model.id} FOR UPDATE`;
      const production = await tx.modelVersion.findFirst({ where: { modelId, stage: "PRODUCTION" }, select: { id: true, number: true } });
      if (!production) throw conflict(`${model.name} has no production version to roll back`);
      const entered = await tx.stageTransition.findFirst({
        where: { modelId, versionId: production.id, toStage: "PRODUCTION" },
        orderBy: { createdAt: "desc" },
        select: { previousVersion: { select: { id: true, number: true, stage: true, intakeStatus: true } } },
      });
      const target = entered?.previousVersion;
      if (!target) throw conflict(`${model.name} v${production.number} replaced no earlier production version; there is nothing to roll back to`);
      if (target.intakeStatus !== "PASSED") throw conflict(`v${target.number} has not passed intake; it cannot serve production`);
      const staging = target.stage === "STAGING";
      await tx.modelVersion.update({ where: { id: production.id }, data: { stage: "ARCHIVED" } });
      await tx.modelVersion.update({ where: { id: target.id }, data: { stage: "PRODUCTION" } });
      const transition = await tx.stageTransition.create({
        data: {
          modelId, versionId: target.id, kind: "ROLLBACK", fromStage: target.stage, toStage: "PRODUCTION", previousVersionId: production.id,
          actorId: actor.userId, reason,
          snapshot: { reason, rolledBack: { id: production.id, number: production.number }, restored: { id: target.id, number: target.number, from: target.stage }, by: actor.email } as Prisma.InputJsonValue,
        },
        select: { id: true },
      });
      await appendAuditEvent(tx, {
        actor, teamId: model.teamId, action: "version.rolled_back", subjectType: "model", subjectId: model.id,
        before: { production: `v${production.number}` },
        after: { production: `v${target.number}`, archived: `v${production.number}`, reason, transitionId: transition.id, restoredFrom: staging ? "staging" : "archived" },
      });
      await notifyUsers(tx, (await approversOf(tx, model.teamId)).filter((id) => id !== actor.userId), {
        kind: "rollback",
        title: `${model.name} rolled back to v${target.number} (v${production.number} archived)`,
        body: `${actor.name}: ${reason}`,
        href: routes.model(model.id),
      });
      const data = {
        transitionId: transition.id, model: { id: model.id, name: model.name }, reason, rolledBackBy: actor.email,
        production: { id: target.id, number: target.number, from: target.stage }, archived: { id: production.id, number: production.number },
      };
      // A rollback is a stage change too: subscribers to either event hear of it.
      const deliveries = [
        ...(await recordWebhookEvent(tx, { teamId: model.teamId, event: "rollback", data })),
        ...(await recordWebhookEvent(tx, { teamId: model.teamId, event: "stage.changed", data: { ...data, kind: "rollback", version: data.production, fromStage: target.stage, toStage: "PRODUCTION" } })),
      ];
      return { transitionId: transition.id, production: { id: target.id, number: target.number }, archived: { id: production.id, number: production.number }, deliveries };
    });
    await dispatchWebhookDeliveries(deliveries);
    await publishServingChange({ modelId: model.id, reason: "rollback" });
    return result;
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`${model.name} changed stage at the same moment; reload and try again`);
    throw e;
  }
}
