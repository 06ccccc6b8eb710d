import type { TGatePolicy } from "@/lib/gates/policy";
import { lowerIsBetter, metricLabel } from "@/lib/metrics/metric-info";

// The policy editor's form state: numbers stay the text the person typed until they save, relative
// tolerances are typed as percentages (5 for 0.05). toPolicy checks what can be checked in the
// browser and keys each error by the same path the server uses ("staging.thresholds.0.value"), so
// client and server errors land under the same field.

export type TThresholdDraft = { key: number; metric: string; direction: "min" | "max"; value: string };
export type TNonRegressionDraft = { key: number; metric: string; mode: "absolute" | "relative"; tolerance: string };
export type TPolicyDraft = {
  thresholds: TThresholdDraft[];
  latencyOn: boolean;
  latency: string;
  stagingApprovals: string;
  nonRegression: TNonRegressionDraft[];
  bootstrap: TGatePolicy["production"]["bootstrap"];
  productionApprovals: string;
};

export const MAX_RULES = 20;
// The latency field keeps the last budget while the gate is off, so switching it back on is one click.
const DEFAULT_LATENCY_MS = 10;

let nextKey = 0;
const key = () => ++nextKey;

/** Without float noise: 0.07 * 100 is 7.000000000000001. */
const clean = (v: number) => Number(v.toPrecision(12));

export function naturalDirection(metric: string): "min" | "max" {
  return lowerIsBetter(metric) ? "max" : "min";
}

export function toDraft(p: TGatePolicy): TPolicyDraft {
  return {
    thresholds: p.staging.thresholds.map((t) => ({ key: key(), metric: t.metric, direction: t.direction, value: String(t.value) })),
    latencyOn: p.staging.latencyP95Ms !== null,
    latency: String(p.staging.latencyP95Ms ?? DEFAULT_LATENCY_MS),
    stagingApprovals: String(p.staging.approvals),
    nonRegression: p.production.nonRegression.map((r) => ({ key: key(), metric: r.metric, mode: r.mode, tolerance: String(r.mode === "relative" ? clean(r.tolerance * 100) : r.tolerance) })),
    bootstrap: { ...p.production.bootstrap },
    productionApprovals: String(p.production.approvals),
  };
}

/** A row for the first metric the section does not use yet, with the metric's natural direction. */
export function newThreshold(metrics: readonly string[], used: string[]): TThresholdDraft {
  const metric = metrics.find((m) => !used.includes(m)) ?? metrics[0] ?? "";
  return { key: key(), metric, direction: naturalDirection(metric), value: "" };
}

export function newNonRegression(metrics: readonly string[], used: string[]): TNonRegressionDraft {
  const metric = metrics.find((m) => !used.includes(m)) ?? metrics[0] ?? "";
  return { key: key(), metric, mode: "absolute", tolerance: "0" };
}

function parseNumber(s: string): number {
  const t = s.trim().replace(",", ".");
  return t === "" ? Number.NaN : Number(t);
}

export function toPolicy(d: TPolicyDraft, metrics: readonly string[]): { policy: TGatePolicy; errors: null } | { policy: null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const allowed = new Set(metrics);
  const checkMetrics = (section: string, rows: { metric: string }[]) => {
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      if (!allowed.has(r.metric)) errors[`${section}.${i}.metric`] = "choose a metric";
      else if (seen.has(r.metric)) errors[`${section}.${i}.metric`] = `${metricLabel(r.metric)} is listed twice`;
      seen.add(r.metric);
    });
  };

  checkMetrics("staging.thresholds", d.thresholds);
  const thresholds = d.thresholds.map((t, i) => {
    const value = parseNumber(t.value);
    if (!Number.isFinite(value)) errors[`staging.thresholds.${i}.value`] = "enter a number";
    return { metric: t.metric, direction: t.direction, value };
  });

  let latencyP95Ms: number | null = null;
  if (d.latencyOn) {
    latencyP95Ms = parseNumber(d.latency);
    if (!Number.isFinite(latencyP95Ms) || latencyP95Ms <= 0) errors["staging.latencyP95Ms"] = "the latency budget must be more than 0 ms";
    else if (latencyP95Ms > 60_000) errors["staging.latencyP95Ms"] = "at most 60,000 ms";
  }

  const approvals = (path: string, s: string, min: number) => {
    const n = parseNumber(s);
    if (!Number.isInteger(n) || n < min || n > 10) errors[path] = `a whole number from ${min} to 10`;
    return n;
  };
  const stagingApprovals = approvals("staging.approvals", d.stagingApprovals, 0);

  checkMetrics("production.nonRegression", d.nonRegression);
  const nonRegression = d.nonRegression.map((r, i) => {
    const typed = parseNumber(r.tolerance);
    if (!Number.isFinite(typed) || typed < 0) errors[`production.nonRegression.${i}.tolerance`] = "a tolerance is 0 or more";
    return { metric: r.metric, mode: r.mode, tolerance: r.mode === "relative" ? clean(typed / 100) : typed };
  });
  const productionApprovals = approvals("production.approvals", d.productionApprovals, 1);

  if (Object.keys(errors).length) return { policy: null, errors };
  return {
    policy: {
      staging: { thresholds, latencyP95Ms, approvals: stagingApprovals },
      production: { nonRegression, bootstrap: d.bootstrap, approvals: productionApprovals },
    },
    errors: null,
  };
}
