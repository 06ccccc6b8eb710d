export type TDecayPoint = { at: string; rocAuc: number; label: string };
export type TObservedDecay = { decayPerMonth: number; points: TDecayPoint[]; months: number };

const DAYS_PER_MONTH = 365.25 / 12;
/** Less than this between the first and last evaluation says nothing about months of decay. */
const MIN_SPAN_MONTHS = 0.5;

/**
 * The monthly decay of a version's value from its ROC AUC on evaluation datasets of successive
 * periods (`at`: when each dataset was taken). A least-squares line auc = a + b·months is fitted, and
 * the value the model adds over no model is taken to be proportional to its skill above chance
 * (auc − 0.5), so the share of it lost per month is −b / (a − 0.5), at least 0. Null when the
 * evaluations span less than half a month or the model starts at chance.
 */
export function decayFromHistory(points: TDecayPoint[]): TObservedDecay | null {
  const sorted = [...points].sort((p, q) => Date.parse(p.at) - Date.parse(q.at));
  if (sorted.length < 2) return null;
  const t0 = Date.parse(sorted[0].at);
  const xs = sorted.map((p) => (Date.parse(p.at) - t0) / (86_400_000 * DAYS_PER_MONTH));
  const months = xs[xs.length - 1];
  if (!(months >= MIN_SPAN_MONTHS)) return null;
  const ys = sorted.map((p) => p.rocAuc);
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i] - my);
    sxx += (x - mx) ** 2;
  });
  const b = sxy / sxx;
  const a = my - b * mx;
  if (!(a > 0.5)) return null;
  return { decayPerMonth: Math.min(1, Math.max(0, -b / (a - 0.5))), points: sorted, months };
}
