import type { TRates, TThresholdCurve } from "@/lib/whatif/types";

/**
 * TPR and FPR when rows scoring ≥ `threshold` are flagged: the counts of the kept point with the
 * smallest threshold still ≥ `threshold` (on an "exact" curve, exactly the rows at or above it; ties
 * switch together because a tie is one point). Above every score nothing is flagged. A class absent
 * from the evaluation has rate 0.
 */
export function ratesAt(curve: TThresholdCurve, threshold: number): TRates {
  const { thresholds } = curve;
  // Thresholds are descending: find the last index whose threshold is ≥ the one asked for.
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (thresholds[mid] >= threshold) lo = mid + 1;
    else hi = mid;
  }
  const i = lo - 1;
  const tp = i >= 0 ? curve.tp[i] : 0;
  const fp = i >= 0 ? curve.fp[i] : 0;
  return {
    tp, fp,
    tpr: curve.positives > 0 ? tp / curve.positives : 0,
    fpr: curve.negatives > 0 ? fp / curve.negatives : 0,
    at: i >= 0 ? thresholds[i] : null,
  };
}
