import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { loadPolicy } from "@/lib/gates/load-policy";
import { defaultPolicy, metricsForTask } from "@/lib/gates/policy";

/** GET /api/v1/models/{id}/policy: the policy in force, whether it is the default, and what may go in it. */
export async function getModelPolicy(actor: TActor, modelId: string) {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { id: true, task: true, teamId: true, gatePolicy: { select: { updatedAt: true, updatedBy: { select: { name: true } } } } } });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.teamId, "Model");
  const { policy, revision, isDefault } = await loadPolicy(model.id, model.task);
  return {
    policy, revision, isDefault,
    updatedAt: model.gatePolicy?.updatedAt ?? null,
    updatedBy: model.gatePolicy?.updatedBy?.name ?? null,
    metrics: metricsForTask(model.task),
    defaults: defaultPolicy(model.task),
    canEdit: can(actor, "policy.edit", model.teamId),
  };
}
export type TModelPolicy = Awaited<ReturnType<typeof getModelPolicy>>;
