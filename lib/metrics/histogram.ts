import { linspace } from "@/lib/metrics/linspace";
import type { THistogram } from "@/lib/metrics/types";

/**
 * np.histogram(values, bins, range=(lo, hi)): equal-width bins, values outside [lo, hi] ignored, the
 * last bin closed on the right. A degenerate range widens by 0.5 on each side as numpy does.
 */
export function histogram(values: ArrayLike<number>, bins: number, range: [number, number]): THistogram {
  return groupedHistograms(values, null, 1, bins, range)[0];
}

/**
 * np.histogram(values[groups == g], bins, range) for each g in 0..groupCount−1 (e.g. one per class),
 * in one pass that bins each value once, without copying any group out.
 */
export function groupedHistograms(
  values: ArrayLike<number>,
  groups: ArrayLike<number> | null,
  groupCount: number,
  bins: number,
  range: [number, number],
): THistogram[] {
  let [lo, hi] = range;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = linspace(lo, hi, bins + 1);
  const counts = Array.from({ length: groupCount }, () => new Array<number>(bins).fill(0));
  const norm = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= lo && x <= hi)) continue;
    let bin = Math.trunc((x - lo) * norm);
    if (bin === bins) bin--;
    // The scaled index can be one off within an ulp of an edge; numpy corrects against the edges too.
    if (x < edges[bin]) bin--;
    else if (bin !== bins - 1 && x >= edges[bin + 1]) bin++;
    counts[groups ? groups[i] : 0][bin]++;
  }
  return counts.map((c) => ({ edges: [...edges], counts: c }));
}
