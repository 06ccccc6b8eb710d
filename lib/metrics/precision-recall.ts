import { ClfCurveCursor, type TScoresByClass } from "@/lib/metrics/binary-clf-curve";
import { evenlySpacedIndices } from "@/lib/metrics/downsample";
import { pairwiseSumOf } from "@/lib/metrics/summation";
import type { TPrCurve } from "@/lib/metrics/types";

/**
 * Average precision and the chart's precision-recall curve, walking the curve instead of holding it
 * (three doubles per distinct score). The curve is sklearn.metrics.precision_recall_curve (1.2): one
 * point per distinct score in ascending threshold order, then the (recall 0, precision 1) end point
 * with no threshold; sklearn 1.2 keeps every threshold (no truncation at full recall). `points` is the
 * number of distinct scores. Callers make sure at least one positive is present.
 *
 * average_precision_score is −Σ (R[i+1] − R[i]) · P[i] over that curve, in that order, with numpy's
 * pairwise summation — the step-wise sum Σ (R_n − R_{n−1}) P_n, not the trapezoid, which would be
 * optimistic.
 */
export function precisionRecallSummary(scores: TScoresByClass, points: number, maxCurvePoints: number): { averagePrecision: number; curve: TPrCurve } {
  const totalPositives = scores.positives.length;
  // Precision and recall have `points + 1` entries, thresholds one fewer; keep the pairs aligned.
  const wanted = evenlySpacedIndices(points + 1, maxCurvePoints);
  const lastWanted = wanted.length - 1;
  const curve: TPrCurve = { precision: [], recall: [], thresholds: [] };
  const cursor = new ClfCurveCursor(scores, "ascending");
  let precision = 0;
  let recall = 0;
  let index = 0;
  let picked = 0;
  const move = () => {
    if (index < points) {
      cursor.next();
      const predicted = cursor.tp + cursor.fp;
      precision = predicted !== 0 ? cursor.tp / predicted : 0;
      recall = cursor.tp / totalPositives;
    } else {
      precision = 1;
      recall = 0;
    }
    if (wanted[picked] !== index) return;
    curve.precision.push(precision);
    curve.recall.push(recall);
    if (picked < lastWanted) curve.thresholds.push(cursor.threshold);
    picked++;
  };
  move();
  const sum = pairwiseSumOf(points, () => {
    const p = precision;
    const r = recall;
    index++;
    move();
    return (recall - r) * p;
  });
  return { averagePrecision: -sum, curve };
}
