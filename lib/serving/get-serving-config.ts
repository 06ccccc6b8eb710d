import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import type { TFeatureSchemaDto } from "@/lib/versions/get-version";
import { routes } from "@/lib/routes";
import { serveUrl } from "@/lib/serving/internal-auth";
import { SERVING_DEFAULTS } from "@/lib/serving/serving-settings";

/**
 * GET /api/v1/models/{id}/serving: how the model is served. The champion is the production version;
 * the challenger is what the configuration names, with its current stage: a challenger that has
 * since been promoted or archived is no longer served as one (`active: false`) until it is replaced.
 * `candidates` are the versions an approver may pick as challenger (STAGING, intake passed).
 */
export async function getServingConfig(actor: TActor, modelId: string) {
  const model = await db.registeredModel.findUnique({
    where: { id: modelId },
    select: {
      id: true, name: true, task: true, teamId: true, team: { select: { slug: true } },
      serving: { select: { sampleRate: true, retentionDays: true, challengerVersionId: true, challengerMode: true, canaryShare: true, updatedAt: true, updatedById: true } },
      versions: {
        where: { stage: { in: ["PRODUCTION", "STAGING"] } },
        orderBy: { number: "desc" },
        select: { id: true, number: true, stage: true, intakeStatus: true, featureSchema: true },
      },
    },
  });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.teamId, "Model");

  const cfg = model.serving;
  const production = model.versions.find((v) => v.stage === "PRODUCTION") ?? null;
  const challengerRow = cfg?.challengerVersionId
    ? model.versions.find((v) => v.id === cfg.challengerVersionId)
      ?? (await db.modelVersion.findUnique({ where: { id: cfg.challengerVersionId }, select: { id: true, number: true, stage: true, intakeStatus: true, featureSchema: true } }))
    : null;
  const updatedBy = cfg?.updatedById ? (await db.user.findUnique({ where: { id: cfg.updatedById }, select: { name: true } }))?.name ?? null : null;
  const schemaSource = production ?? challengerRow
    ?? (await db.modelVersion.findFirst({ where: { modelId: model.id, intakeStatus: "PASSED" }, orderBy: { number: "desc" }, select: { featureSchema: true } }));
  const base = serveUrl().replace(/\/+$/, "");
  const target = { team: model.team.slug, model: model.name };

  return {
    modelId: model.id,
    modelName: model.name,
    teamSlug: model.team.slug,
    task: model.task,
    isDefault: !cfg,
    sampleRate: cfg?.sampleRate ?? SERVING_DEFAULTS.sampleRate,
    retentionDays: cfg?.retentionDays ?? SERVING_DEFAULTS.retentionDays,
    canaryShare: cfg?.canaryShare ?? SERVING_DEFAULTS.canaryShare,
    champion: production ? { id: production.id, number: production.number } : null,
    challenger: challengerRow && cfg?.challengerMode
      ? {
          versionId: challengerRow.id, number: challengerRow.number, stage: challengerRow.stage, mode: cfg.challengerMode,
          canaryShare: cfg.canaryShare, active: challengerRow.stage === "STAGING" && production !== null,
        }
      : null,
    candidates: model.versions.filter((v) => v.stage === "STAGING" && v.intakeStatus === "PASSED").map((v) => ({ id: v.id, number: v.number })),
    updatedAt: cfg?.updatedAt ?? null,
    updatedBy,
    endpoint: {
      production: base + routes.serve.predict(target),
      staging: base + routes.serve.predict({ ...target, stage: "staging" }),
      exampleRow: exampleRow(schemaSource?.featureSchema as TFeatureSchemaDto | null),
    },
    canEdit: can(actor, "serving.configure", model.teamId),
  };
}
export type TServingConfig = Awaited<ReturnType<typeof getServingConfig>>;

// A row a client could send, for the curl example: the features in order with placeholder values.
function exampleRow(schema: TFeatureSchemaDto | null): Record<string, number | string> {
  const features = schema?.features ?? [];
  const row: Record<string, number | string> = {};
  for (const f of features.slice(0, 12)) row[f.name] = f.type === "string" ? "value" : 0;
  return row;
}
