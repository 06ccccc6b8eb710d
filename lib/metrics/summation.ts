/**
 * Sums `length` doubles of `values` starting at `start` exactly as numpy's `np.add.reduce` does on a
 * contiguous float64 array (numpy/core/src/umath/loops_utils.h.src, `pairwise_sum`): below 8 terms a
 * plain loop, up to 128 terms eight interleaved accumulators, above that a split at a multiple of 8.
 *
 * scikit-learn's metrics are means and sums over numpy arrays, so using the same association order
 * makes our results agree with sklearn to the last bit in nearly all cases instead of only to ~n·ε.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, length = values.length - start): number {
  let i = start;
  return pairwiseSumOf(length, () => values[i++]);
}

/**
 * pairwiseSum over `length` terms that `next()` computes one at a time, in index order. numpy's
 * recursion reads its array strictly left to right, so the terms need not exist as an array: a
 * metric over a million rows sums per-row terms without allocating 8 bytes a row for them.
 */
export function pairwiseSumOf(length: number, next: () => number): number {
  if (length < 8) {
    let res = 0;
    for (let i = 0; i < length; i++) res += next();
    return res;
  }
  if (length <= 128) {
    let r0 = next(), r1 = next(), r2 = next(), r3 = next();
    let r4 = next(), r5 = next(), r6 = next(), r7 = next();
    const unrolled = length - (length % 8);
    let i = 8;
    for (; i < unrolled; i += 8) {
      r0 += next();
      r1 += next();
      r2 += next();
      r3 += next();
      r4 += next();
      r5 += next();
      r6 += next();
      r7 += next();
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < length; i++) res += next();
    return res;
  }
  let half = Math.floor(length / 2);
  half -= half % 8;
  const left = pairwiseSumOf(half, next);
  return left + pairwiseSumOf(length - half, next);
}
