import type { TScenarioInputs } from "@/lib/whatif/schemas";
import type { TScenarioResult } from "@/lib/whatif/compute-scenario";

/** The headline figures of a scenario, frozen into a promotion request when attached (PromotionScenario.summary). */
export type TScenarioSummary = {
  name: string;
  task: "binary" | "regression";
  currency: string;
  computedAt: string;
  inputs: TScenarioInputs;
  versions: {
    role: "primary" | "compare";
    number: number;
    /** Binary: net value per month at the scenario's threshold; regression: minus the cost of error. */
    valuePerMonth: number;
    threshold: number | null;
    bestThreshold: number | null;
    bestValuePerMonth: number | null;
  }[];
  /** compare − primary per month (binary: at the threshold set; regression: cost saved). */
  upliftPerMonth: number | null;
  /** Binary: value of having no model, per month. */
  baselinePerMonth: number | null;
  /** Binary: the cheapest retraining cadence in months. */
  bestCadenceMonths: number | null;
};

export function summarizeScenario(name: string, inputs: TScenarioInputs, result: TScenarioResult, now = new Date()): TScenarioSummary {
  if (result.task === "binary") {
    const sides = [["primary", result.primary], ["compare", result.compare]] as const;
    return {
      name, task: "binary", currency: result.currency, computedAt: now.toISOString(), inputs,
      versions: sides.flatMap(([role, s]) => (s ? [{ role, number: s.number, valuePerMonth: s.value.perMonth, threshold: inputs.task === "binary" ? inputs.threshold : null, bestThreshold: s.optimum.threshold, bestValuePerMonth: s.optimum.perMonth }] : [])),
      upliftPerMonth: result.uplift?.atThreshold ?? null,
      baselinePerMonth: result.baseline.perMonth,
      bestCadenceMonths: result.cadence.best,
    };
  }
  const sides = [["primary", result.primary], ["compare", result.compare]] as const;
  return {
    name, task: "regression", currency: result.currency, computedAt: now.toISOString(), inputs,
    versions: sides.flatMap(([role, s]) => (s ? [{ role, number: s.number, valuePerMonth: -s.cost.perMonth, threshold: null, bestThreshold: null, bestValuePerMonth: null }] : [])),
    upliftPerMonth: result.saving,
    baselinePerMonth: null,
    bestCadenceMonths: null,
  };
}
