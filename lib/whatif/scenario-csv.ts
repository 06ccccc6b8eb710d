import { csvCell } from "@/lib/scoring/csv-cell";
import { INPUT_INFO, type TProvenance, type TScenarioInputs } from "@/lib/whatif/schemas";
import type { TBinarySideResult, TRegressionSideResult, TScenarioResult } from "@/lib/whatif/compute-scenario";

type TRow = [section: string, item: string, version: string, value: number | string | null, unit: string];

/**
 * The numbers of a what-if as CSV (RFC 4180, one header line): the inputs with units and where each
 * came from, then per version the value, the monthly confusion matrix, the best threshold, the
 * comparison, the cadence table and the tornado. Numbers are written in full precision, unformatted,
 * so a spreadsheet can redo the arithmetic; text cells are neutralised as batch scoring's are.
 */
export function scenarioCsv(args: { title: string; inputs: TScenarioInputs; result: TScenarioResult; provenance?: Partial<Record<string, TProvenance>> }): string {
  const { inputs, result } = args;
  const money = inputs.currency;
  const unitOf = (u: string) => u.replace(/^money/, money);
  const rows: TRow[] = [["scenario", "title", "", args.title, ""]];
  for (const [key, value] of Object.entries(inputs)) {
    if (key === "task") continue;
    const info = INPUT_INFO[key as keyof typeof INPUT_INFO];
    const where = args.provenance?.[key];
    rows.push(["input", info?.label ?? key, "", value as number | string | null, info ? unitOf(info.unit) : ""]);
    if (where) rows.push(["input source", info?.label ?? key, "", `${where.source}: ${where.note}`, ""]);
  }
  if (result.task === "binary") {
    rows.push(["baseline", "no model: net value per month", "", result.baseline.perMonth, `${money} / month`]);
    for (const s of [result.primary, result.compare]) if (s) rows.push(...binarySide(s, money));
    if (result.uplift) {
      rows.push(["comparison", "uplift per month at the threshold set", `v${result.compare!.number} − v${result.primary.number}`, result.uplift.atThreshold, `${money} / month`]);
      rows.push(["comparison", "uplift per month, each at its best threshold", `v${result.compare!.number} − v${result.primary.number}`, result.uplift.atBest, `${money} / month`]);
    }
    for (const o of result.cadence.options) {
      rows.push(["cadence", `retrain every ${o.months} month(s): average cost per month`, `v${result.primary.number}`, o.costPerMonth, `${money} / month`]);
      rows.push(["cadence", `retrain every ${o.months} month(s): net value over a year`, `v${result.primary.number}`, o.yearTotal, `${money} / year`]);
    }
    rows.push(["cadence", "best cadence", `v${result.primary.number}`, result.cadence.best, "months"]);
    for (const b of result.sensitivity.bars) {
      const label = INPUT_INFO[b.field].label;
      rows.push(["sensitivity ±20%", `${label} at −20%`, `v${result.primary.number}`, b.lowValue, `${money} / month`]);
      rows.push(["sensitivity ±20%", `${label} at +20%`, `v${result.primary.number}`, b.highValue, `${money} / month`]);
    }
  } else {
    for (const s of [result.primary, result.compare]) if (s) rows.push(...regressionSide(s, money));
    if (result.saving !== null) rows.push(["comparison", "cost saved per month by the compared version", `v${result.primary.number} − v${result.compare!.number}`, result.saving, `${money} / month`]);
  }
  return ["section,item,version,value,unit", ...rows.map((r) => r.map(cell).join(","))].join("\r\n") + "\r\n";
}

function binarySide(s: TBinarySideResult, money: string): TRow[] {
  const v = `v${s.number}`;
  return [
    ["value", "net value per month", v, s.value.perMonth, `${money} / month`],
    ["value", "net value per decision", v, s.value.perDecision, `${money} / decision`],
    ["value", "value of caught positives", v, s.value.terms.caughtValue, `${money} / month`],
    ["value", "cost of false alarms", v, s.value.terms.falseAlarmCost, `${money} / month`],
    ["value", "cost of missed positives", v, s.value.terms.missedCost, `${money} / month`],
    ["value", "review cost", v, s.value.terms.reviewCost, `${money} / month`],
    ["rates", "true positive rate", v, s.rates.tpr, "share"],
    ["rates", "false positive rate", v, s.rates.fpr, "share"],
    ["monthly confusion", "flagged", v, s.confusion.flagged, "cases / month"],
    ["monthly confusion", "caught (true positives)", v, s.confusion.caught, "cases / month"],
    ["monthly confusion", "missed (false negatives)", v, s.confusion.missed, "cases / month"],
    ["monthly confusion", "false alarms (false positives)", v, s.confusion.falseAlarms, "cases / month"],
    ["monthly confusion", "cleared (true negatives)", v, s.confusion.cleared, "cases / month"],
    ["monthly confusion", "flagged beyond review capacity", v, s.confusion.overCapacity, "cases / month"],
    ["best threshold", "value-maximising threshold", v, s.optimum.threshold ?? "flag nothing", "score"],
    ["best threshold", "net value per month at it", v, s.optimum.perMonth, `${money} / month`],
    ...(s.optimumWithinCapacity ? ([
      ["best threshold", "best threshold within review capacity", v, s.optimumWithinCapacity.threshold ?? "flag nothing", "score"],
      ["best threshold", "net value per month at it", v, s.optimumWithinCapacity.perMonth, `${money} / month`],
    ] as TRow[]) : []),
  ];
}

function regressionSide(s: TRegressionSideResult, money: string): TRow[] {
  const v = `v${s.number}`;
  return [
    ["cost of error", "per month", v, s.cost.perMonth, `${money} / month`],
    ["cost of error", "per prediction", v, s.cost.perPrediction, `${money} / prediction`],
    ["cost of error", "from over-prediction", v, s.cost.overCost, `${money} / month`],
    ["cost of error", "from under-prediction", v, s.cost.underCost, `${money} / month`],
    ["residuals", "mean over-prediction", v, s.residuals.meanOver, "units"],
    ["residuals", "mean under-prediction", v, s.residuals.meanUnder, "units"],
  ];
}

function cell(v: number | string | null): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  return csvCell(v);
}
