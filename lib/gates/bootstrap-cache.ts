// Paired bootstrap interval of (candidate − production) on one metric, from the per-row predictions
// of both evaluations. Until evaluations keep their per-row predictions, policies cannot turn the
// bootstrap on (lib/gates/policy.ts refuses it), so this is never reached with `enabled`.
export type TBootstrapResult = { metric: string; low: number; high: number; mean: number; resamples: number; confidence: number; rows: number };

export async function bootstrapFor(_candidateEvaluationId: string, _baselineEvaluationId: string, _metric: string, _opts: { resamples: number; confidence: number }): Promise<TBootstrapResult | null> {
  return null;
}
