export const CADENCES = [1, 3, 6, 12] as const;
export type TCadenceMonths = (typeof CADENCES)[number];

export type TCadenceOption = {
  months: TCadenceMonths;
  /** Value lost to decay over one cycle (the model's age runs 0 … months − 1). */
  lostPerCycle: number;
  /** (retraining cost + value lost over the cycle) / cycle length. */
  costPerMonth: number;
  /** Net value month by month over a year: fresh value − decay loss − retraining in the month it happens. */
  projection: number[];
  /** The year's total of `projection`. */
  yearTotal: number;
};

export type TCadence = { options: TCadenceOption[]; best: TCadenceMonths };

/**
 * Retraining cadence by the sawtooth model. A freshly trained model adds `uplift` a month over
 * having no model; in month m of a cycle (age m − 1 months) it has lost a share
 * min(1, decay·(m − 1)) of that uplift; retraining costs `retrainingCost` at the start of each
 * cycle. Over a cycle of L months
 *
 *   lost(L) = Σ_{m=1..L} uplift·min(1, decay·(m − 1))   ( = uplift·decay·L(L−1)/2 while decay·(L−1) ≤ 1 )
 *   average cost per month = (retrainingCost + lost(L)) / L
 *
 * and the best cadence among 1, 3, 6 and 12 months is the cheapest; a tie goes to the longer cycle
 * (as good, with fewer retrainings). A model worth nothing over no model (uplift ≤ 0) loses nothing.
 * `freshValue` is the monthly value of the model as evaluated, taken to be freshly trained.
 */
export function retrainingCadence(args: { freshValue: number; uplift: number; decayPerMonth: number; retrainingCost: number }): TCadence {
  const uplift = Math.max(0, args.uplift);
  const lossAtAge = (age: number) => uplift * Math.min(1, args.decayPerMonth * age);
  const options = CADENCES.map((months): TCadenceOption => {
    let lostPerCycle = 0;
    for (let age = 0; age < months; age++) lostPerCycle += lossAtAge(age);
    const projection = Array.from({ length: 12 }, (_, k) => {
      const age = k % months;
      return args.freshValue - lossAtAge(age) - (age === 0 ? args.retrainingCost : 0);
    });
    return { months, lostPerCycle, costPerMonth: (args.retrainingCost + lostPerCycle) / months, projection, yearTotal: projection.reduce((s, v) => s + v, 0) };
  });
  let best = options[0];
  for (const o of options) if (o.costPerMonth <= best.costPerMonth + 1e-9 * Math.max(1, Math.abs(best.costPerMonth))) best = o;
  return { options, best: best.months };
}
