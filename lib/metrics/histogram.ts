import { linspace } from "@/lib/metrics/linspace";
import type { THistogram } from "@/lib/metrics/types";

/**
 * np.histogram(values[selected], bins, range=(lo, hi)): equal-width bins, values outside [lo, hi]
 * ignored, the last bin closed on the right. A degenerate range widens by 0.5 on each side as numpy
 * does. `include(i)` picks rows without copying them (e.g. one class of a score array).
 */
export function histogram(
  values: ArrayLike<number>,
  bins: number,
  range: [number, number],
  include: (index: number) => boolean = () => true,
): THistogram {
  let [lo, hi] = range;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = linspace(lo, hi, bins + 1);
  const counts = new Array<number>(bins).fill(0);
  const norm = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= lo && x <= hi) || !include(i)) continue;
    let bin = Math.trunc((x - lo) * norm);
    if (bin === bins) bin--;
    // The scaled index can be one off within an ulp of an edge; numpy corrects against the edges too.
    if (x < edges[bin]) bin--;
    else if (bin !== bins - 1 && x >= edges[bin + 1]) bin++;
    counts[bin]++;
  }
  return { edges, counts };
}
