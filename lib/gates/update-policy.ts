import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { loadPolicy } from "@/lib/gates/load-policy";
import { parsePolicy } from "@/lib/gates/policy";

/**
 * PUT /api/v1/models/{id}/policy: replaces the model's gate policy (approvers of the team; admins
 * are approvers of the teams they administer through their membership). The revision goes up, which
 * voids approvals given under the old policy; the audit event keeps before and after.
 */
export async function updatePolicy(actor: TActor, modelId: string, raw: unknown) {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { id: true, name: true, task: true, teamId: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "policy.edit", model.teamId, "Model");
  const policy = parsePolicy(model.task, raw);
  return db.$transaction(async (tx) => {
    // Lock the model row so two editors cannot both read revision n and write n+1.
    await tx.$queryRaw`SELECT id FROM registered_models WHERE id = ${model.id} FOR UPDATE`;
    const before = await loadPolicy(model.id, model.task);
    const config = policy as unknown as Prisma.InputJsonValue;
    const row = await tx.gatePolicy.upsert({
      where: { modelId: model.id },
      create: { modelId: model.id, config, revision: before.revision + 1, updatedById: actor.userId },
      update: { config, revision: { increment: 1 }, updatedById: actor.userId },
      select: { revision: true, updatedAt: true },
    });
    await appendAuditEvent(tx, {
      actor, teamId: model.teamId, action: "policy.updated", subjectType: "model", subjectId: model.id,
      before: { revision: before.revision, policy: before.policy }, after: { revision: row.revision, policy },
    });
    return { policy, revision: row.revision, updatedAt: row.updatedAt };
  });
}
