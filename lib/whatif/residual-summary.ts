import { histogram } from "@/lib/metrics/histogram";
import type { TResidualSummary } from "@/lib/whatif/types";

const BINS = 30;

/**
 * Mean over- and under-prediction of a regressor from its per-row predictions ŷ and targets y
 * (residual r = ŷ − y: E[max(r, 0)] and E[max(−r, 0)]), with a histogram of r for the chart.
 */
export function residualSummary(predicted: ArrayLike<number>, actual: ArrayLike<number>): TResidualSummary {
  const rows = predicted.length;
  const residuals = new Float64Array(rows);
  let over = 0;
  let under = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < rows; i++) {
    const r = predicted[i] - actual[i];
    residuals[i] = r;
    if (r > 0) over += r;
    else under -= r;
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  return {
    kind: "exact", rows,
    meanOver: rows ? over / rows : 0,
    meanUnder: rows ? under / rows : 0,
    histogram: rows ? histogram(residuals, BINS, [lo, hi]) : null,
  };
}
