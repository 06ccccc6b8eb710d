import type { TRocCurve } from "@/lib/metrics/types";
import type { TThresholdCurve } from "@/lib/whatif/types";

/**
 * A "roc" curve from an evaluation's stored ROC curve (sklearn's roc_curve with its intermediate
 * points dropped, and maybe thinned for charts), for evaluations made before per-row predictions
 * were kept. Rates were counts over the class totals, so rounding rate × total gives the counts
 * back. sklearn's first point (threshold max + 1, nothing flagged) is "no threshold" here.
 */
export function curveFromRoc(roc: TRocCurve, positives: number, negatives: number): TThresholdCurve {
  const thresholds: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  roc.thresholds.forEach((t, i) => {
    const tpi = Math.round(roc.tpr[i] * positives);
    const fpi = Math.round(roc.fpr[i] * negatives);
    if (tpi + fpi === 0) return;
    thresholds.push(t);
    tp.push(tpi);
    fp.push(fpi);
  });
  return { kind: "roc", thresholds, tp, fp, positives, negatives, distinctScores: null };
}
