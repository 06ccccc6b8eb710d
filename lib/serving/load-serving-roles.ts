import { db } from "@/lib/db";
import { servingFingerprint } from "@/lib/serving/serving-fingerprint";
import { SERVING_VERSION_SELECT, type TServingRoles, type TServingVersionRow } from "@/lib/serving/types";

/**
 * Which versions answer for each model: production, staging, and the challenger of its serving
 * config (a STAGING version; a config naming anything else is ignored until it names the staging
 * version again). Two queries whatever the number of models. No config row: log every prediction.
 */
export async function loadServingRoles(modelIds: string[]): Promise<Map<string, TServingRoles>> {
  const [versions, configs] = await Promise.all([
    db.modelVersion.findMany({ where: { modelId: { in: modelIds }, stage: { in: ["PRODUCTION", "STAGING"] } }, select: SERVING_VERSION_SELECT }),
    db.servingConfig.findMany({
      where: { modelId: { in: modelIds } },
      select: { modelId: true, sampleRate: true, challengerVersionId: true, challengerMode: true, canaryShare: true },
    }),
  ]);
  const out = new Map<string, TServingRoles>();
  for (const modelId of modelIds) {
    const production: TServingVersionRow | null = versions.find((v) => v.modelId === modelId && v.stage === "PRODUCTION") ?? null;
    const staging: TServingVersionRow | null = versions.find((v) => v.modelId === modelId && v.stage === "STAGING") ?? null;
    const config = configs.find((c) => c.modelId === modelId);
    const challengerValid = Boolean(config?.challengerMode && staging && config.challengerVersionId === staging.id && staging.intakeStatus === "PASSED");
    out.set(modelId, {
      production,
      staging,
      challenger: challengerValid ? { row: staging!, mode: config!.challengerMode!, canaryShare: clamp01(config!.canaryShare) } : null,
      sampleRate: clamp01(config?.sampleRate ?? 1),
      fingerprint: servingFingerprint(production?.id ?? null, staging?.id ?? null, config),
    });
  }
  return out;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 1;
}
