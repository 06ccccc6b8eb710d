import { z } from "zod";

// The what-if inputs as saved in a scenario (Scenario.inputs) and sent by the browser. Every field
// has a unit; money is in `currency` (ISO 4217 code, display only: no conversion happens). Values
// and costs are non-negative, which is what keeps the value-maximising threshold on the ROC convex
// hull (lib/whatif/optimal-threshold.ts).

const MAX_AMOUNT = 1e12;
const money = (field: string) =>
  z.number({ error: `${field} must be a number` }).finite(`${field} must be a finite number`).min(0, `${field} cannot be negative`).max(MAX_AMOUNT, `${field} must be at most ${MAX_AMOUNT}`);
const count = (field: string) =>
  z.number({ error: `${field} must be a number` }).finite(`${field} must be a finite number`).min(0, `${field} cannot be negative`).max(MAX_AMOUNT, `${field} must be at most ${MAX_AMOUNT}`);
const share = (field: string) => z.number({ error: `${field} must be a number` }).min(0, `${field} must be between 0 and 1`).max(1, `${field} must be between 0 and 1`);
const currency = z.string({ error: "currency must be a string" }).regex(/^[A-Z]{3}$/, "currency must be a three-letter ISO 4217 code such as USD or EUR");

export const ZBinaryInputs = z.object({
  task: z.literal("binary"),
  currency,
  /** Decisions the model makes per month. */
  volume: count("volume"),
  /** Share of decisions whose true class is positive, 0–1. */
  prevalence: share("prevalence"),
  /** Money gained per positive the model flags (a fraud caught, a churner kept). */
  valueTruePositive: money("valueTruePositive"),
  /** Money lost per negative wrongly flagged (a good customer blocked), beyond the review. */
  costFalsePositive: money("costFalsePositive"),
  /** Money lost per positive missed. */
  costFalseNegative: money("costFalseNegative"),
  /** Money per flagged case for reviewing it, whatever it turns out to be. */
  costReview: money("costReview"),
  /** Scores ≥ threshold are flagged, 0–1. */
  threshold: share("threshold"),
  /** Flagged cases the team can review per month; null: no limit. */
  reviewCapacity: count("reviewCapacity").nullable(),
  /** Money per retraining (people, compute, validation). */
  retrainingCost: money("retrainingCost"),
  /** Share of the model's value over no model that it loses per month of age, 0–1. */
  decayPerMonth: share("decayPerMonth"),
}).strict();
export type TBinaryInputs = z.infer<typeof ZBinaryInputs>;

export const ZRegressionInputs = z.object({
  task: z.literal("regression"),
  currency,
  /** Predictions the model makes per month. */
  volume: count("volume"),
  /** Money per unit the prediction is above the actual value. */
  costOver: money("costOver"),
  /** Money per unit the prediction is below the actual value. */
  costUnder: money("costUnder"),
  /** What the target is measured in ("units sold"), display only. */
  unit: z.string({ error: "unit must be a string" }).trim().max(40, "unit must be at most 40 characters"),
}).strict();
export type TRegressionInputs = z.infer<typeof ZRegressionInputs>;

export const ZScenarioInputs = z.discriminatedUnion("task", [ZBinaryInputs, ZRegressionInputs], { error: "inputs.task must be \"binary\" or \"regression\"" });
export type TScenarioInputs = z.infer<typeof ZScenarioInputs>;

export const ZScenarioVersions = z.object({
  primary: z.string({ error: "versions.primary must be a version id" }).min(1, "versions.primary must be a version id"),
  compare: z.string({ error: "versions.compare must be a version id" }).min(1, "versions.compare must be a version id").optional(),
}).strict();
export type TScenarioVersions = z.infer<typeof ZScenarioVersions>;

export const ZScenarioBody = z.object({
  name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(120, "name must be at most 120 characters"),
  inputs: ZScenarioInputs,
  versions: ZScenarioVersions,
}).strict();
export type TScenarioBody = z.infer<typeof ZScenarioBody>;

/** Where a default came from, said plainly next to the input. */
export type TProvenance = { source: "evaluation" | "version" | "serving" | "observed" | "you"; note: string };

export type TBinaryField = Exclude<keyof TBinaryInputs, "task" | "currency">;
export type TRegressionField = Exclude<keyof TRegressionInputs, "task" | "currency" | "unit">;

/** Label and unit of each input, for forms, the CSV and the tornado chart. "money" is the scenario's currency. */
export const INPUT_INFO: Record<TBinaryField | TRegressionField, { label: string; unit: string }> = {
  volume: { label: "Decisions per month", unit: "decisions / month" },
  prevalence: { label: "Prevalence of positives", unit: "share of decisions" },
  valueTruePositive: { label: "Value of a true positive", unit: "money / caught case" },
  costFalsePositive: { label: "Cost of a false positive", unit: "money / false alarm" },
  costFalseNegative: { label: "Cost of a false negative", unit: "money / missed case" },
  costReview: { label: "Review cost per flagged case", unit: "money / flagged case" },
  threshold: { label: "Decision threshold", unit: "score" },
  reviewCapacity: { label: "Review capacity", unit: "cases / month" },
  retrainingCost: { label: "Retraining cost", unit: "money / retraining" },
  decayPerMonth: { label: "Value decay", unit: "share of uplift lost / month" },
  costOver: { label: "Cost per unit over-predicted", unit: "money / unit" },
  costUnder: { label: "Cost per unit under-predicted", unit: "money / unit" },
};
