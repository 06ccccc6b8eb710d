/**
 * Checks a batch before it is accumulated. Bad input (mismatched lengths, NaN scores, labels outside
 * the class list) is a bug or corrupt data upstream, not an undefined metric, so it throws rather than
 * producing numbers that look valid; sklearn rejects the same inputs.
 */
export function validateBatch(
  values: ArrayLike<number>,
  valuesPerRow: number,
  labels: ArrayLike<number>,
  isValidLabel: (label: number) => boolean,
  what: { values: string; labels: string },
): void {
  if (values.length !== labels.length * valuesPerRow) {
    throw new RangeError(`${what.values} has ${values.length} values; expected ${labels.length * valuesPerRow} for ${labels.length} rows`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${what.values}[${i}] is not a finite number`);
  }
  for (let i = 0; i < labels.length; i++) {
    if (!isValidLabel(labels[i])) throw new RangeError(`${what.labels}[${i}] = ${labels[i]} is not a valid label`);
  }
}
