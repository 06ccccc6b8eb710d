import { ClfCurveCursor, type TScoresByClass } from "@/lib/metrics/binary-clf-curve";
import { evenlySpacedIndices } from "@/lib/metrics/downsample";
import { pairwiseSumOf } from "@/lib/metrics/summation";
import type { TRocCurve } from "@/lib/metrics/types";

/**
 * The points of sklearn.metrics.roc_curve(drop_intermediate=True) (sklearn 1.2), one at a time: first
 * (0, 0) with threshold max + 1, then every point of the clf curve except those collinear with their
 * neighbours (second difference of both fps and tps is zero; the first and last are always kept).
 * Rates are counts divided by the totals, as sklearn computes them. Callers make sure both classes
 * are present, where sklearn would otherwise return NaN rates.
 */
class RocCursor {
  fpr = 0;
  tpr = 0;
  threshold = Number.NaN;
  private readonly raw: ClfCurveCursor;
  private readonly totalPositives: number;
  private readonly totalNegatives: number;
  private started = false;
  private hasCurrent: boolean;
  private isFirst = true;
  // The raw point under consideration and the one before it (for the second difference).
  private tp = 0;
  private fp = 0;
  private at = Number.NaN;
  private prevTp = 0;
  private prevFp = 0;

  constructor(scores: TScoresByClass) {
    this.totalPositives = scores.positives.length;
    this.totalNegatives = scores.negatives.length;
    this.raw = new ClfCurveCursor(scores, "descending");
    this.hasCurrent = this.raw.next();
    this.take();
  }

  next(): boolean {
    if (!this.started) {
      this.started = true;
      this.threshold = this.at + 1;
      return this.hasCurrent;
    }
    while (this.hasCurrent) {
      const { tp, fp, at, prevTp, prevFp, isFirst } = this;
      const hasNext = this.raw.next();
      const next = this.raw;
      const corner = !hasNext || isFirst || (next.fp - fp) - (fp - prevFp) !== 0 || (next.tp - tp) - (tp - prevTp) !== 0;
      this.prevTp = tp;
      this.prevFp = fp;
      this.isFirst = false;
      this.hasCurrent = hasNext;
      this.take();
      if (corner) {
        this.fpr = fp / this.totalNegatives;
        this.tpr = tp / this.totalPositives;
        this.threshold = at;
        return true;
      }
    }
    return false;
  }

  private take() {
    this.tp = this.raw.tp;
    this.fp = this.raw.fp;
    this.at = this.raw.threshold;
  }
}

/**
 * ROC AUC and the chart's ROC curve, without holding the full curve (three doubles per distinct score)
 * in memory: one walk counts the kept points, a second sums the trapezoids and picks the points to draw.
 *
 * The AUC is sklearn.metrics.auc(fpr, tpr) = np.trapz(tpr, fpr): Σ (x[i+1] − x[i]) · (y[i+1] + y[i]) / 2.0
 * with the same per-term operation order and numpy's pairwise summation, on the same dropped-intermediate
 * curve roc_auc_score uses, so tied scores contribute the same diagonal segments as in sklearn.
 */
export function rocSummary(scores: TScoresByClass, maxCurvePoints: number): { auc: number; curve: TRocCurve } {
  let length = 0;
  for (const counter = new RocCursor(scores); counter.next(); ) length++;

  const wanted = evenlySpacedIndices(length, maxCurvePoints);
  const curve: TRocCurve = { fpr: [], tpr: [], thresholds: [] };
  const points = new RocCursor(scores);
  let index = 0;
  let picked = 0;
  const visit = () => {
    if (wanted[picked] !== index) return;
    curve.fpr.push(points.fpr);
    curve.tpr.push(points.tpr);
    curve.thresholds.push(points.threshold);
    picked++;
  };
  points.next();
  visit();
  const auc = pairwiseSumOf(length - 1, () => {
    const x = points.fpr;
    const y = points.tpr;
    points.next();
    index++;
    visit();
    return ((points.fpr - x) * (points.tpr + y)) / 2.0;
  });
  return { auc, curve };
}
