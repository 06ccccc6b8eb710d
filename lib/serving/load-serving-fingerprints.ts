import { db } from "@/lib/db";
import { servingFingerprint } from "@/lib/serving/serving-fingerprint";

/** The refresh timer's cheap read: each model's serving fingerprint, from ids and config values only. */
export async function loadServingFingerprints(modelIds: string[]): Promise<Map<string, string>> {
  const [versions, configs] = await Promise.all([
    db.modelVersion.findMany({ where: { modelId: { in: modelIds }, stage: { in: ["PRODUCTION", "STAGING"] } }, select: { id: true, modelId: true, stage: true } }),
    db.servingConfig.findMany({
      where: { modelId: { in: modelIds } },
      select: { modelId: true, sampleRate: true, challengerVersionId: true, challengerMode: true, canaryShare: true },
    }),
  ]);
  const out = new Map<string, string>();
  for (const modelId of modelIds) {
    const production = versions.find((v) => v.modelId === modelId && v.stage === "PRODUCTION");
    const staging = versions.find((v) => v.modelId === modelId && v.stage === "STAGING");
    out.set(modelId, servingFingerprint(production?.id ?? null, staging?.id ?? null, configs.find((c) => c.modelId === modelId)));
  }
  return out;
}
