// Maps a CSV label cell to the model's class index. Exact text first; then numeric equality, so a
// CSV that writes "1.0" matches a model whose classes are "0" and "1".
export function makeLabelIndex(classLabels: string[]): (cell: string) => number {
  const exact = new Map(classLabels.map((c, i) => [c, i]));
  const numeric = new Map<number, number>();
  classLabels.forEach((c, i) => {
    const n = Number(c);
    if (c.trim() !== "" && Number.isFinite(n) && !numeric.has(n)) numeric.set(n, i);
  });
  return (cell) => {
    const hit = exact.get(cell) ?? exact.get(cell.trim());
    if (hit !== undefined) return hit;
    const n = Number(cell);
    if (cell.trim() !== "" && Number.isFinite(n)) return numeric.get(n) ?? -1;
    return -1;
  };
}
