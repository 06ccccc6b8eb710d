import type { TRegressionInputs } from "@/lib/whatif/schemas";
import type { TResidualSummary } from "@/lib/whatif/types";

export type TRegressionCost = {
  perPrediction: number;
  perMonth: number;
  /** Per month, the part from predictions above the actual value and from those below it. */
  overCost: number;
  underCost: number;
};

/**
 * Expected cost of error, linear in the size of the error and possibly asymmetric:
 *   cost per prediction = c_over·E[max(ŷ − y, 0)] + c_under·E[max(y − ŷ, 0)],   per month × N.
 * The two expectations are the evaluation's mean over- and under-prediction (lib/whatif/types.ts
 * TResidualSummary), so the figure is exact for every cost the executive types.
 */
export function regressionCost(inputs: Pick<TRegressionInputs, "volume" | "costOver" | "costUnder">, residuals: Pick<TResidualSummary, "meanOver" | "meanUnder">): TRegressionCost {
  const over = inputs.costOver * residuals.meanOver;
  const under = inputs.costUnder * residuals.meanUnder;
  return { perPrediction: over + under, perMonth: inputs.volume * (over + under), overCost: inputs.volume * over, underCost: inputs.volume * under };
}
