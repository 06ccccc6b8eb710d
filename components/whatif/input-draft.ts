import { INPUT_INFO, ZScenarioInputs, type TScenarioInputs } from "@/lib/whatif/schemas";

// The what-if form keeps what the person typed (text, so "0." and an empty box are allowed while
// typing) and turns it into inputs when every box holds a valid number. Shares are typed in percent.

export type TDraft = Record<string, string>;
type TFieldSpec = { key: string; percent?: boolean; optional?: boolean; max?: number };

export const BINARY_FIELDS: TFieldSpec[] = [
  { key: "volume" }, { key: "prevalence", percent: true, max: 1 }, { key: "valueTruePositive" }, { key: "costFalsePositive" },
  { key: "costFalseNegative" }, { key: "costReview" }, { key: "threshold", max: 1 }, { key: "reviewCapacity", optional: true },
  { key: "retrainingCost" }, { key: "decayPerMonth", percent: true, max: 1 },
];
export const REGRESSION_FIELDS: TFieldSpec[] = [{ key: "volume" }, { key: "costOver" }, { key: "costUnder" }];

const round = (v: number) => String(Math.round(v * 1e9) / 1e9);

export function toDraft(inputs: TScenarioInputs): TDraft {
  const draft: TDraft = { currency: inputs.currency };
  const fields = inputs.task === "binary" ? BINARY_FIELDS : REGRESSION_FIELDS;
  const values = inputs as unknown as Record<string, number | null>;
  for (const f of fields) {
    const v = values[f.key];
    draft[f.key] = v === null || v === undefined ? "" : round(f.percent ? v * 100 : v);
  }
  if (inputs.task === "regression") draft.unit = inputs.unit;
  return draft;
}

/** The inputs the draft stands for, or per-field messages (by input key) saying what to fix. */
export function parseDraft(draft: TDraft, task: "binary" | "regression"): { inputs: TScenarioInputs | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const out: Record<string, unknown> = { task, currency: (draft.currency ?? "").trim().toUpperCase() };
  for (const f of task === "binary" ? BINARY_FIELDS : REGRESSION_FIELDS) {
    const label = INPUT_INFO[f.key as keyof typeof INPUT_INFO].label;
    const text = (draft[f.key] ?? "").trim().replaceAll(",", "");
    if (text === "") {
      if (f.optional) out[f.key] = null;
      else errors[f.key] = `${label}: enter a number`;
      continue;
    }
    const n = Number(text);
    const max = f.max === undefined ? undefined : f.percent ? f.max * 100 : f.max;
    if (!Number.isFinite(n)) errors[f.key] = `${label}: "${draft[f.key]}" is not a number`;
    else if (n < 0) errors[f.key] = `${label} cannot be negative`;
    else if (max !== undefined && n > max) errors[f.key] = `${label}: enter a number from 0 to ${max}${f.percent ? " %" : ""}`;
    else out[f.key] = f.percent ? n / 100 : n;
  }
  if (task === "regression") out.unit = draft.unit ?? "";
  const parsed = ZScenarioInputs.safeParse(out);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      if (!errors[key]) errors[key] = issue.message;
    }
  }
  return { inputs: Object.keys(errors).length === 0 && parsed.success ? parsed.data : null, errors };
}
