/**
 * Sums `length` doubles of `values` starting at `start` exactly as numpy's `np.add.reduce` does on a
 * contiguous float64 array (numpy/core/src/umath/loops_utils.h.src, `pairwise_sum`): below 8 terms a
 * plain loop, up to 128 terms eight interleaved accumulators, above that a split at a multiple of 8.
 *
 * scikit-learn's metrics are means and sums over numpy arrays, so using the same association order
 * makes our results agree with sklearn to the last bit in nearly all cases instead of only to ~n·ε.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, length = values.length - start): number {
  if (length < 8) {
    let res = 0;
    for (let i = 0; i < length; i++) res += values[start + i];
    return res;
  }
  if (length <= 128) {
    let r0 = values[start], r1 = values[start + 1], r2 = values[start + 2], r3 = values[start + 3];
    let r4 = values[start + 4], r5 = values[start + 5], r6 = values[start + 6], r7 = values[start + 7];
    const unrolled = length - (length % 8);
    let i = 8;
    for (; i < unrolled; i += 8) {
      const j = start + i;
      r0 += values[j];
      r1 += values[j + 1];
      r2 += values[j + 2];
      r3 += values[j + 3];
      r4 += values[j + 4];
      r5 += values[j + 5];
      r6 += values[j + 6];
      r7 += values[j + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < length; i++) res += values[start + i];
    return res;
  }
  let half = Math.floor(length / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, length - half);
}
