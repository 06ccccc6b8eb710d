import type { TBinaryClfCurve } from "@/lib/metrics/binary-clf-curve";
import { pairwiseSum } from "@/lib/metrics/summation";

export type TFullPrCurve = { precision: Float64Array; recall: Float64Array; thresholds: Float64Array };

/**
 * sklearn.metrics.precision_recall_curve (1.2): one point per distinct score in ascending threshold
 * order, then the (recall 0, precision 1) end point with no threshold. sklearn 1.2 keeps every
 * threshold (no truncation at full recall). Callers make sure at least one positive is present.
 */
export function precisionRecallCurve(curve: TBinaryClfCurve): TFullPrCurve {
  const { fps, tps, thresholds } = curve;
  const n = tps.length;
  const totalPositives = tps[n - 1];
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  const outThresholds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const source = n - 1 - i;
    const predicted = tps[source] + fps[source];
    precision[i] = predicted !== 0 ? tps[source] / predicted : 0;
    recall[i] = tps[source] / totalPositives;
    outThresholds[i] = thresholds[source];
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: outThresholds };
}

/**
 * sklearn.metrics.average_precision_score: −Σ (R[i+1] − R[i]) · P[i] over the curve above — the
 * step-wise sum Σ (R_n − R_{n−1}) P_n, not the trapezoid, which would be optimistic.
 */
export function averagePrecision(pr: TFullPrCurve): number {
  const { precision, recall } = pr;
  const terms = new Float64Array(recall.length - 1);
  for (let i = 0; i < terms.length; i++) terms[i] = (recall[i + 1] - recall[i]) * precision[i];
  return -pairwiseSum(terms);
}
