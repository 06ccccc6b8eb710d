import { ClfCurveCursor, type TScoresByClass } from "@/lib/metrics/binary-clf-curve";
import type { TThresholdCurve } from "@/lib/whatif/types";

/** Up to this many distinct scores the browser gets every one (about 25 bytes of JSON each). */
export const MAX_EXACT_POINTS = 5000;
/** The slider's step; a "reduced" curve keeps every threshold on this grid. */
export const GRID_STEPS = 1000;

/**
 * The operating points of a binary classifier from its scores split by class and sorted
 * (lib/metrics/binary-clf-curve.ts sortByClassInPlace): one point per distinct score with the
 * positives and negatives scoring ≥ it, walked as sklearn's _binary_clf_curve walks them, so ties
 * switch together.
 *
 * With more than `maxExact` distinct scores the curve is reduced to the thresholds k/1000 (every
 * slider position, exact counts of the rows ≥ it) plus every vertex of the upper ROC convex hull
 * (where the value-maximising threshold lies for non-negative values and costs, see
 * lib/whatif/optimal-threshold.ts). Points flagging nothing are left out: that is "no threshold".
 */
export function thresholdCurve(scores: TScoresByClass, maxExact = MAX_EXACT_POINTS): TThresholdCurve {
  const P = scores.positives.length;
  const N = scores.negatives.length;
  const thresholds: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  const cursor = new ClfCurveCursor(scores, "descending");
  while (cursor.next()) {
    thresholds.push(cursor.threshold);
    tp.push(cursor.tp);
    fp.push(cursor.fp);
  }
  const distinctScores = thresholds.length;
  if (distinctScores <= maxExact) return { kind: "exact", thresholds, tp, fp, positives: P, negatives: N, distinctScores };

  const kept = new Map<number, [number, number]>();
  for (const i of upperHull(tp, fp)) kept.set(thresholds[i], [tp[i], fp[i]]);
  for (let k = 0; k <= GRID_STEPS; k++) {
    const g = k / GRID_STEPS;
    const counts: [number, number] = [P - lowerBound(scores.positives, g), N - lowerBound(scores.negatives, g)];
    if (counts[0] + counts[1] > 0) kept.set(g, counts);
  }
  const order = [...kept.keys()].sort((a, b) => b - a);
  return {
    kind: "reduced",
    thresholds: order,
    tp: order.map((t) => kept.get(t)![0]),
    fp: order.map((t) => kept.get(t)![1]),
    positives: P, negatives: N, distinctScores,
  };
}

/**
 * Indices of the vertices of the upper convex hull of (fp, tp) together with the origin (Andrew's
 * monotone chain; the points already come in (fp, tp) order as thresholds fall). Collinear points
 * are dropped: a segment's end with the higher threshold is as good as any point on it. Counts stay
 * integers, so the cross products are exact.
 */
function upperHull(tp: number[], fp: number[]): number[] {
  const hull: number[] = [-1];
  const x = (i: number) => (i < 0 ? 0 : fp[i]);
  const y = (i: number) => (i < 0 ? 0 : tp[i]);
  for (let i = 0; i < tp.length; i++) {
    while (hull.length >= 2) {
      const o = hull[hull.length - 2];
      const a = hull[hull.length - 1];
      const cross = (x(a) - x(o)) * (y(i) - y(o)) - (y(a) - y(o)) * (x(i) - x(o));
      if (cross >= 0) hull.pop();
      else break;
    }
    hull.push(i);
  }
  return hull.filter((i) => i >= 0);
}

/** First index whose value is ≥ `target` in an ascending array. */
function lowerBound(values: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
