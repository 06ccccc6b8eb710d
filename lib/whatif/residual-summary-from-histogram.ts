import type { THistogram } from "@/lib/metrics/types";
import type { TResidualSummary } from "@/lib/whatif/types";

/**
 * Mean over- and under-prediction (lib/whatif/residual-summary.ts) estimated from a stored histogram of actual − predicted (evaluations made before per-row
 * predictions were kept): every residual taken at its bin's centre, so the figure is off by at most
 * half a bin width per row.
 */
export function residualSummaryFromHistogram(actualMinusPredicted: THistogram): TResidualSummary {
  const { edges, counts } = actualMinusPredicted;
  let rows = 0;
  let over = 0;
  let under = 0;
  for (let b = 0; b < counts.length; b++) {
    const r = -(edges[b] + edges[b + 1]) / 2;
    rows += counts[b];
    if (r > 0) over += counts[b] * r;
    else under -= counts[b] * r;
  }
  const flipped: THistogram = { edges: [...edges].reverse().map((e) => -e), counts: [...counts].reverse() };
  return { kind: "histogram", rows, meanOver: rows ? over / rows : 0, meanUnder: rows ? under / rows : 0, histogram: flipped };
}
