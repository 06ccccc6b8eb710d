/**
 * np.linspace(start, stop, count) computed the way numpy does (i · step + start, last point set to
 * stop), so that bin edges — and therefore which bin a value on an edge falls into — match numpy's
 * histogram and sklearn's calibration_curve bit for bit.
 */
export function linspace(start: number, stop: number, count: number): number[] {
  const div = count - 1;
  const step = (stop - start) / div;
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(i * step + start);
  if (count > 1) values[count - 1] = stop;
  return values;
}
