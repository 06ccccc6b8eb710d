import { describe, expect, it } from "vitest";
import { sortByClassInPlace } from "@/lib/metrics/binary-clf-curve";
import { evenlySpacedIndices } from "@/lib/metrics/downsample";
import { GrowableArray } from "@/lib/metrics/growable-array";
import { histogram } from "@/lib/metrics/histogram";
import { linspace } from "@/lib/metrics/linspace";
import { pairwiseSum, pairwiseSumOf } from "@/lib/metrics/summation";

describe("pairwiseSum", () => {
  it("reproduces numpy's np.sum bit for bit where a plain loop does not (numpy 1.24.2)", () => {
    // np.full(1001, 0.1).sum() == 100.10000000000002; a left-to-right loop gives 100.09999999999859.
    expect(pairwiseSum(new Float64Array(1001).fill(0.1))).toBe(100.10000000000002);
    // (np.arange(1, 300) / 7).sum() == 6407.142857142858
    expect(pairwiseSum(Array.from({ length: 299 }, (_, i) => (i + 1) / 7))).toBe(6407.142857142858);
  });

  it("sums terms computed one at a time in the same order as the array form", () => {
    for (const n of [0, 5, 8, 127, 128, 129, 1001, 4099]) {
      const values = Array.from({ length: n }, (_, i) => Math.sin(i) / 3);
      let i = 0;
      expect(pairwiseSumOf(n, () => values[i++])).toBe(pairwiseSum(values));
      expect(i).toBe(n);
    }
  });

  it("sums a sub-range and short arrays", () => {
    expect(pairwiseSum([1, 2, 3, 4], 1, 2)).toBe(5);
    expect(pairwiseSum([])).toBe(0);
  });
});

describe("sortByClassInPlace", () => {
  it("splits by class and sorts float32 scores exactly as a float sort does, −0 before +0", () => {
    const values = [0.5, -0, 0, -1.5, 3, -0, 1e-30, -1e-30, 0.25, -2, 7, 0, 0.5];
    const labels = [1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0];
    // −0 shown apart: toEqual treats −0 and +0 as different, but the message would not say which.
    const show = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? "-0" : v));
    for (const scores of [Float32Array.from(values), Float64Array.from(values)]) {
      const [expectedNegatives, expectedPositives] = [0, 1].map((keep) => Float64Array.from(scores.filter((_, i) => labels[i] === keep)).sort());
      const y = Uint8Array.from(labels);
      const { positives, negatives } = sortByClassInPlace(scores, y);
      expect(show(positives)).toEqual(show(expectedPositives));
      expect(show(negatives)).toEqual(show(expectedNegatives));
      expect(Array.from(y)).toEqual([...labels].sort().reverse());
    }
  });
});

describe("histogram", () => {
  it("matches np.histogram(values, bins=20, range=(0, 1)), edges and outside values included", () => {
    // [1, 1, 2, 0, ...] : 0.1 and 0.15 share bin 2; 1.0 is in the last bin; 1.2 and −0.1 are dropped.
    const { counts, edges } = histogram([0, 0.05, 0.1, 0.15, 0.35, 1.0, 1.2, -0.1], 20, [0, 1]);
    expect(counts).toEqual([1, 1, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(edges).toHaveLength(21);
  });

  it("widens a degenerate range by 0.5 each side as numpy does", () => {
    expect(histogram([2.5, 2.5], 3, [2.5, 2.5])).toEqual({ edges: [2.0, 2.3333333333333335, 2.6666666666666665, 3.0], counts: [0, 2, 0] });
  });
});

describe("helpers", () => {
  it("builds np.linspace edges", () => {
    // np.linspace(0, 1, 11)[3] == 0.30000000000000004
    expect(linspace(0, 1, 11)[3]).toBe(0.30000000000000004);
    expect(linspace(0, 1, 11)[10]).toBe(1);
  });

  it("picks evenly spaced indices that keep both ends", () => {
    expect(evenlySpacedIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
    const picked = evenlySpacedIndices(10_000, 200);
    expect(picked).toHaveLength(200);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(9999);
  });

  it("grows a typed array geometrically without losing values", () => {
    const array = new GrowableArray(Float64Array, 2);
    array.append([1, 2, 3]);
    array.push(4);
    array.append(Float32Array.from([0.5]));
    expect(Array.from(array.view())).toEqual([1, 2, 3, 4, 0.5]);
    expect(array.length).toBe(5);
  });
});
