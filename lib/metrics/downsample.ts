/**
 * Indices of at most `maxPoints` evenly spaced elements of a sequence of `length`, always keeping the
 * first and the last. Deterministic (no sampling), so the same data always charts the same way.
 */
export function evenlySpacedIndices(length: number, maxPoints: number): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  if (maxPoints <= 1) return length > 0 ? [0] : [];
  const indices: number[] = [];
  for (let i = 0; i < maxPoints; i++) {
    const index = Math.round((i * (length - 1)) / (maxPoints - 1));
    if (indices.length === 0 || indices[indices.length - 1] !== index) indices.push(index);
  }
  return indices;
}

/** Picks `indices` from each of several parallel arrays. */
export function pickIndices(indices: number[], values: ArrayLike<number>): number[] {
  return indices.map((i) => values[i]);
}
