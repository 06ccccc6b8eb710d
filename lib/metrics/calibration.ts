import { linspace } from "@/lib/metrics/linspace";
import type { TCalibrationCurve } from "@/lib/metrics/types";

/**
 * sklearn.calibration.calibration_curve(y_true, y_prob, n_bins, strategy="uniform") (1.2): a value
 * goes to bin `searchsorted(inner_edges, p, side="left")`, so a score exactly on an inner edge
 * belongs to the lower bin; empty bins are left out. Sums run in input order as np.bincount's do.
 * Callers make sure every score is in [0, 1] (sklearn raises otherwise).
 */
export function calibrationCurve(scores: ArrayLike<number>, labels: Uint8Array, binCount = 10): TCalibrationCurve {
  const edges = linspace(0, 1, binCount + 1);
  const inner = edges.slice(1, -1);
  const sums = new Float64Array(binCount);
  const positives = new Float64Array(binCount);
  const totals = new Float64Array(binCount);
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i];
    let lowIndex = 0;
    let highIndex = inner.length;
    while (lowIndex < highIndex) {
      const mid = (lowIndex + highIndex) >> 1;
      if (inner[mid] < p) lowIndex = mid + 1;
      else highIndex = mid;
    }
    sums[lowIndex] += p;
    positives[lowIndex] += labels[i];
    totals[lowIndex] += 1;
  }
  const curve: TCalibrationCurve = { binLower: [], binUpper: [], meanPredicted: [], fractionPositive: [], counts: [] };
  for (let b = 0; b < binCount; b++) {
    if (totals[b] === 0) continue;
    curve.binLower.push(edges[b]);
    curve.binUpper.push(edges[b + 1]);
    curve.meanPredicted.push(sums[b] / totals[b]);
    curve.fractionPositive.push(positives[b] / totals[b]);
    curve.counts.push(totals[b]);
  }
  return curve;
}
