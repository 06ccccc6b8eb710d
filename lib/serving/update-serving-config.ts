import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { conflict, invalidInput, notFound } from "@/lib/errors";
import { publishServingChange } from "@/lib/serving/serving-events";
import { SERVING_DEFAULTS, ZServingSettings } from "@/lib/serving/serving-settings";

type TStored = {
  sampleRate: number;
  retentionDays: number;
  challenger: { versionId: string; number: number; mode: "SHADOW" | "CANARY"; canaryShare: number } | null;
};

/**
 * PUT /api/v1/models/{id}/serving (approvers of the team): replaces sampling, retention and the
 * challenger. A challenger must be a version of this model, in STAGING, that passed intake, and the
 * model must have a production version for it to be compared with. Checked again under the model
 * row lock that promotions and rollbacks take, so a stage change cannot slip in between. The audit
 * event keeps before and after; serve replicas are told after the commit. An unchanged
 * configuration writes nothing.
 */
export async function updateServingConfig(actor: TActor, modelId: string, raw: unknown) {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { id: true, name: true, teamId: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "serving.configure", model.teamId, "Model");
  const input = ZServingSettings.parse(raw);

  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM registered_models WHERE id = ${model.id} FOR UPDATE`;
    const current = await tx.servingConfig.findUnique({
      where: { modelId: model.id },
      select: { sampleRate: true, retentionDays: true, challengerVersionId: true, challengerMode: true, canaryShare: true, challenger: { select: { number: true } } },
    });
    let challenger: TStored["challenger"] = null;
    if (input.challenger) {
      const wanted = input.challenger;
      const version = await tx.modelVersion.findUnique({ where: { id: wanted.versionId }, select: { id: true, modelId: true, number: true, stage: true, intakeStatus: true } });
      // A version of another model (whatever its team) is simply not a version of this one.
      if (!version || version.modelId !== model.id) {
        throw invalidInput(`challenger.versionId: '${wanted.versionId}' is not a version of ${model.name}`, [{ path: "challenger.versionId", message: `not a version of ${model.name}` }]);
      }
      if (version.intakeStatus !== "PASSED") {
        throw invalidInput(`challenger.versionId: v${version.number} has not passed intake (${version.intakeStatus.toLowerCase()}); serve cannot load it`, [{ path: "challenger.versionId", message: `v${version.number} has not passed intake` }]);
      }
      if (version.stage !== "STAGING") {
        throw invalidInput(`challenger.versionId: v${version.number} is ${version.stage.toLowerCase()}; a challenger must be a staging version`, [{ path: "challenger.versionId", message: `v${version.number} is ${version.stage.toLowerCase()}, not staging` }]);
      }
      const production = await tx.modelVersion.findFirst({ where: { modelId: model.id, stage: "PRODUCTION" }, select: { id: true } });
      if (!production) {
        throw conflict(`${model.name} has no production version: a challenger is compared with the champion, so promote a version to production first`, [{ path: "challenger", message: "no production version to challenge" }]);
      }
      challenger = { versionId: version.id, number: version.number, mode: wanted.mode, canaryShare: wanted.canaryShare ?? current?.canaryShare ?? SERVING_DEFAULTS.canaryShare };
    }
    const before: TStored = {
      sampleRate: current?.sampleRate ?? SERVING_DEFAULTS.sampleRate,
      retentionDays: current?.retentionDays ?? SERVING_DEFAULTS.retentionDays,
      challenger: current?.challengerVersionId && current.challengerMode
        ? { versionId: current.challengerVersionId, number: current.challenger?.number ?? 0, mode: current.challengerMode, canaryShare: current.canaryShare }
        : null,
    };
    const after: TStored = { sampleRate: input.sampleRate, retentionDays: input.retentionDays, challenger };
    if (current && JSON.stringify(before) === JSON.stringify(after)) return { changed: false };

    const data = {
      sampleRate: after.sampleRate,
      retentionDays: after.retentionDays,
      challengerVersionId: challenger?.versionId ?? null,
      challengerMode: challenger?.mode ?? null,
      // Kept when the challenger goes, so the editor offers the last share again.
      canaryShare: challenger?.canaryShare ?? current?.canaryShare ?? SERVING_DEFAULTS.canaryShare,
      updatedById: actor.userId,
    };
    await tx.servingConfig.upsert({ where: { modelId: model.id }, create: { modelId: model.id, ...data }, update: data });
    await appendAuditEvent(tx, {
      actor, teamId: model.teamId, action: "serving.configured", subjectType: "model", subjectId: model.id,
      before: current ? before : { ...before, default: true }, after: { ...after, model: model.name },
    });
    return { changed: true };
  });
  if (result.changed) await publishServingChange({ modelId: model.id, reason: "serving.configured" });
  return result;
}
