import type { TGatePolicy, TNonRegression, TThreshold } from "@/lib/gates/policy";
import { lowerIsBetter, metricLabel } from "@/lib/metrics/metric-info";

// A gate policy as sentences a reviewer can check at a glance. Pure, so the summary (server) and the
// editor's preview (client) say the same thing.

/** A number as a person would have typed it: two decimals at least ("0.70"), more only when they carry. */
export function formatPolicyNumber(v: number): string {
  for (let digits = 2; digits <= 6; digits++) {
    const s = v.toFixed(digits);
    if (Number(s) === v) return s;
  }
  return String(v);
}

/** A share (0.05) as a percentage without float noise ("5 %"). */
export function formatShare(v: number): string {
  return `${Number((v * 100).toPrecision(10))} %`;
}

// MAPE is stored as a fraction but read as a percentage (metric-info's formatMetric does the same).
function metricValue(metric: string, v: number): string {
  return metric === "mape" ? formatShare(v) : formatPolicyNumber(v);
}

export function thresholdText(t: TThreshold): string {
  return `${metricLabel(t.metric)} ${t.direction === "min" ? "≥" : "≤"} ${metricValue(t.metric, t.value)}`;
}

export function nonRegressionText(r: TNonRegression): string {
  const base = `${metricLabel(r.metric)} no worse than production`;
  if (r.tolerance === 0) return base;
  // "Worse" is up for a loss and down for a score.
  const sign = lowerIsBetter(r.metric) ? "+" : "−";
  const amount = r.mode === "relative" ? formatShare(r.tolerance) : r.metric === "mape" ? `${Number((r.tolerance * 100).toPrecision(10))} pp` : formatPolicyNumber(r.tolerance);
  return `${base} ${sign} ${amount}`;
}

export function approvalsText(n: number): string {
  if (n === 0) return "no approval";
  return n === 1 ? "1 approval by someone other than the uploader and requester" : `${n} approvals by people other than the uploader and requester`;
}

export function stagingRules(p: TGatePolicy["staging"]): string[] {
  return [
    ...(p.thresholds.length ? p.thresholds.map(thresholdText) : ["no metric threshold"]),
    p.latencyP95Ms === null ? "no latency budget" : `p95 latency ≤ ${formatLatency(p.latencyP95Ms)} ms`,
    approvalsText(p.approvals),
  ];
}

export function productionRules(p: TGatePolicy["production"]): string[] {
  return [
    "the staging gates",
    ...(p.nonRegression.length ? p.nonRegression.map(nonRegressionText) : ["no non-regression rule"]),
    ...(p.bootstrap.enabled ? [`a drop counts only beyond a paired bootstrap interval (${p.bootstrap.resamples} resamples, ${formatShare(p.bootstrap.confidence)})`] : []),
    approvalsText(p.approvals),
  ];
}

function formatLatency(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : String(Number(ms.toPrecision(6)));
}
