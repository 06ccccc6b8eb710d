type TConfigParts = { challengerVersionId: string | null; challengerMode: string | null; canaryShare: number; sampleRate: number } | null | undefined;

// What decides how a model is served, as one string: serve compares it on its refresh timer to find
// the models whose roles changed without a pub/sub message reaching it.
export function servingFingerprint(productionId: string | null, stagingId: string | null, config: TConfigParts): string {
  return [productionId ?? "-", stagingId ?? "-", config?.challengerVersionId ?? "-", config?.challengerMode ?? "-", config?.canaryShare ?? "-", config?.sampleRate ?? "-"].join("|");
}
