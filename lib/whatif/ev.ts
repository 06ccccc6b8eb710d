import type { TBinaryInputs } from "@/lib/whatif/schemas";

export type TValueInputs = Pick<TBinaryInputs, "volume" | "prevalence" | "valueTruePositive" | "costFalsePositive" | "costFalseNegative" | "costReview">;

export type TExpectedValue = {
  perMonth: number;
  perDecision: number;
  /** The four terms of the formula, per month: what is gained and what each kind of outcome costs. */
  terms: { caughtValue: number; falseAlarmCost: number; missedCost: number; reviewCost: number };
};

/**
 * Expected net value of deciding with the model, per month and per decision:
 *
 *   EV(t) = N·[π·TPR(t)·v_TP − (1−π)·FPR(t)·c_FP − π·(1−TPR(t))·c_FN − (π·TPR(t)+(1−π)·FPR(t))·c_rev]
 *
 * N decisions a month, prevalence π, and the rates the model reaches at threshold t on its
 * evaluation dataset. TPR and FPR are class-conditional, so they carry over to another prevalence.
 * Every flagged case is reviewed (c_rev), and the value of a caught positive is net of nothing else.
 */
export function expectedValue(inputs: TValueInputs, rates: { tpr: number; fpr: number }): TExpectedValue {
  const { volume: n, prevalence: pi } = inputs;
  const caught = pi * rates.tpr;
  const missed = pi * (1 - rates.tpr);
  const falseAlarms = (1 - pi) * rates.fpr;
  const caughtValue = n * caught * inputs.valueTruePositive;
  const falseAlarmCost = n * falseAlarms * inputs.costFalsePositive;
  const missedCost = n * missed * inputs.costFalseNegative;
  const reviewCost = n * (caught + falseAlarms) * inputs.costReview;
  const perDecision = caught * inputs.valueTruePositive - falseAlarms * inputs.costFalsePositive - missed * inputs.costFalseNegative - (caught + falseAlarms) * inputs.costReview;
  return { perMonth: n * perDecision, perDecision, terms: { caughtValue, falseAlarmCost, missedCost, reviewCost } };
}
