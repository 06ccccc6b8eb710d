import { expectedValue } from "@/lib/whatif/ev";
import { ratesAt } from "@/lib/whatif/rates-at";
import type { TBinaryInputs } from "@/lib/whatif/schemas";
import type { TThresholdCurve } from "@/lib/whatif/types";

export const SENSITIVITY_FIELDS = ["volume", "prevalence", "valueTruePositive", "costFalsePositive", "costFalseNegative", "costReview", "threshold"] as const;
export type TSensitivityField = (typeof SENSITIVITY_FIELDS)[number];

export type TSensitivityBar = {
  field: TSensitivityField;
  lowInput: number;
  highInput: number;
  /** Net value per month with the input at −20 % and +20 %, everything else as set. */
  lowValue: number;
  highValue: number;
  /** |highValue − lowValue|: how far this input moves the answer. */
  swing: number;
};

/**
 * The tornado: the net value per month at the chosen threshold, recomputed with each input at
 * 80 % and 120 % of its value while the others stay put (shares — prevalence and threshold — are
 * kept within 0–1). Bars are ordered by swing, largest first; equal swings keep the order of
 * SENSITIVITY_FIELDS. An input at 0 does not move (±20 % of 0 is 0).
 */
export function sensitivity(curve: TThresholdCurve, inputs: TBinaryInputs, spread = 0.2): { base: number; bars: TSensitivityBar[] } {
  const valueWith = (next: TBinaryInputs) => expectedValue(next, ratesAt(curve, next.threshold)).perMonth;
  const base = valueWith(inputs);
  const bars = SENSITIVITY_FIELDS.map((field): TSensitivityBar => {
    const bounded = field === "prevalence" || field === "threshold";
    const at = (factor: number) => (bounded ? Math.min(1, inputs[field] * factor) : inputs[field] * factor);
    const lowInput = at(1 - spread);
    const highInput = at(1 + spread);
    const lowValue = valueWith({ ...inputs, [field]: lowInput });
    const highValue = valueWith({ ...inputs, [field]: highInput });
    return { field, lowInput, highInput, lowValue, highValue, swing: Math.abs(highValue - lowValue) };
  });
  return { base, bars: bars.map((b, i) => ({ b, i })).sort((x, y) => y.b.swing - x.b.swing || x.i - y.i).map((x) => x.b) };
}
