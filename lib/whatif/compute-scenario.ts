import { retrainingCadence, type TCadence } from "@/lib/whatif/cadence";
import { expectedValue, type TExpectedValue } from "@/lib/whatif/ev";
import { optimalThreshold, type TOptimum } from "@/lib/whatif/optimal-threshold";
import { ratesAt } from "@/lib/whatif/rates-at";
import { regressionCost, type TRegressionCost } from "@/lib/whatif/regression-cost";
import { scaledConfusion, type TScaledConfusion } from "@/lib/whatif/scaled-confusion";
import type { TBinaryInputs, TRegressionInputs, TScenarioInputs } from "@/lib/whatif/schemas";
import { sensitivity, type TSensitivityBar } from "@/lib/whatif/sensitivity";
import type { TRates, TResidualSummary, TThresholdCurve } from "@/lib/whatif/types";

/** One version as the computation needs it: its label and its evaluation's curve or residuals. */
export type TScenarioSide = { versionId: string; number: number; curve?: TThresholdCurve | null; residuals?: TResidualSummary | null };

export type TBinarySideResult = {
  versionId: string;
  number: number;
  rates: TRates;
  value: TExpectedValue;
  confusion: TScaledConfusion;
  optimum: TOptimum;
  /** The best threshold flagging no more than the review capacity; null without a capacity. */
  optimumWithinCapacity: TOptimum | null;
};

export type TBinaryScenarioResult = {
  task: "binary";
  currency: string;
  /** No model: nothing is flagged, every positive is missed (−N·π·c_FN). */
  baseline: TExpectedValue;
  primary: TBinarySideResult;
  compare: TBinarySideResult | null;
  /** compare − primary per month: both at the threshold set, and each at its own best threshold. */
  uplift: { atThreshold: number; atBest: number } | null;
  cadence: TCadence;
  sensitivity: { base: number; bars: TSensitivityBar[] };
};

export type TRegressionSideResult = { versionId: string; number: number; cost: TRegressionCost; residuals: TResidualSummary };
export type TRegressionScenarioResult = {
  task: "regression";
  currency: string;
  unit: string;
  primary: TRegressionSideResult;
  compare: TRegressionSideResult | null;
  /** primary cost − compare cost per month: what switching to the compared version saves. */
  saving: number | null;
};

export type TScenarioResult = TBinaryScenarioResult | TRegressionScenarioResult;

/**
 * Every figure of a what-if from the inputs and the versions' evaluation data: what the browser
 * redraws on each slider tick, what a CSV export writes and what an attached scenario freezes.
 * Throws when a version lacks the data its task needs (callers show why before calling).
 */
export function computeScenario(inputs: TScenarioInputs, primary: TScenarioSide, compare?: TScenarioSide | null): TScenarioResult {
  return inputs.task === "binary" ? computeBinary(inputs, primary, compare ?? null) : computeRegression(inputs, primary, compare ?? null);
}

function computeBinary(inputs: TBinaryInputs, primary: TScenarioSide, compare: TScenarioSide | null): TBinaryScenarioResult {
  const side = (s: TScenarioSide): TBinarySideResult => {
    if (!s.curve) throw new Error(`version ${s.number} has no threshold curve`);
    const rates = ratesAt(s.curve, inputs.threshold);
    return {
      versionId: s.versionId, number: s.number, rates,
      value: expectedValue(inputs, rates),
      confusion: scaledConfusion(inputs, rates),
      optimum: optimalThreshold(s.curve, inputs),
      optimumWithinCapacity: inputs.reviewCapacity === null ? null : optimalThreshold(s.curve, inputs, { capacity: inputs.reviewCapacity }),
    };
  };
  const p = side(primary);
  const c = compare ? side(compare) : null;
  const baseline = expectedValue(inputs, { tpr: 0, fpr: 0 });
  return {
    task: "binary",
    currency: inputs.currency,
    baseline,
    primary: p,
    compare: c,
    uplift: c ? { atThreshold: c.value.perMonth - p.value.perMonth, atBest: c.optimum.perMonth - p.optimum.perMonth } : null,
    cadence: retrainingCadence({ freshValue: p.value.perMonth, uplift: p.value.perMonth - baseline.perMonth, decayPerMonth: inputs.decayPerMonth, retrainingCost: inputs.retrainingCost }),
    sensitivity: sensitivity(primary.curve!, inputs),
  };
}

function computeRegression(inputs: TRegressionInputs, primary: TScenarioSide, compare: TScenarioSide | null): TRegressionScenarioResult {
  const side = (s: TScenarioSide): TRegressionSideResult => {
    if (!s.residuals) throw new Error(`version ${s.number} has no residuals`);
    return { versionId: s.versionId, number: s.number, cost: regressionCost(inputs, s.residuals), residuals: s.residuals };
  };
  const p = side(primary);
  const c = compare ? side(compare) : null;
  return { task: "regression", currency: inputs.currency, unit: inputs.unit, primary: p, compare: c, saving: c ? p.cost.perMonth - c.cost.perMonth : null };
}
