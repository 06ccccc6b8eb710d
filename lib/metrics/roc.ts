import type { TBinaryClfCurve } from "@/lib/metrics/binary-clf-curve";
import { pairwiseSum } from "@/lib/metrics/summation";

export type TFullRocCurve = { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array };

/**
 * sklearn.metrics.roc_curve(drop_intermediate=True) (sklearn 1.2): drops points collinear with their
 * neighbours (second difference of both fps and tps is zero), prepends (0, 0) with threshold
 * max + 1, and divides by the totals. Callers make sure both classes are present, where sklearn
 * would otherwise return NaN rates.
 */
export function rocCurve(curve: TBinaryClfCurve): TFullRocCurve {
  const { fps, tps, thresholds } = curve;
  const n = fps.length;
  const keep: number[] = [];
  if (n > 2) {
    keep.push(0);
    for (let i = 1; i < n - 1; i++) {
      const fpsCorner = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]);
      const tpsCorner = (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]);
      if (fpsCorner !== 0 || tpsCorner !== 0) keep.push(i);
    }
    keep.push(n - 1);
  } else {
    for (let i = 0; i < n; i++) keep.push(i);
  }
  const totalNegatives = fps[n - 1];
  const totalPositives = tps[n - 1];
  const fpr = new Float64Array(keep.length + 1);
  const tpr = new Float64Array(keep.length + 1);
  const outThresholds = new Float64Array(keep.length + 1);
  outThresholds[0] = thresholds[keep[0]] + 1;
  keep.forEach((index, k) => {
    fpr[k + 1] = fps[index] / totalNegatives;
    tpr[k + 1] = tps[index] / totalPositives;
    outThresholds[k + 1] = thresholds[index];
  });
  return { fpr, tpr, thresholds: outThresholds };
}

/**
 * sklearn.metrics.auc(fpr, tpr) = np.trapz(tpr, fpr): Σ (x[i+1] − x[i]) · (y[i+1] + y[i]) / 2.0 with the
 * same per-term operation order and numpy's pairwise summation, on the same dropped-intermediate
 * curve roc_auc_score uses, so tied scores contribute the same diagonal segments as in sklearn.
 */
export function rocAuc(roc: TFullRocCurve): number {
  const { fpr, tpr } = roc;
  const terms = new Float64Array(fpr.length - 1);
  for (let i = 0; i < terms.length; i++) terms[i] = ((fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i])) / 2.0;
  return pairwiseSum(terms);
}
