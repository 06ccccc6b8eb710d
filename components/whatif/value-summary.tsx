"use client";

import { Button } from "@/components/ui/button";
import { formatCount, formatShare, formatThreshold } from "@/components/whatif/format";
import type { TBinaryScenarioResult } from "@/lib/whatif/compute-scenario";
import { formatMoney } from "@/lib/whatif/format-money";
import type { TBinaryInputs } from "@/lib/whatif/schemas";

// The headline: what the primary version is worth a month at the threshold set, against having no
// model, the best threshold, and the formula with the numbers in it.
export function ValueSummary({ result, inputs, label, onUseThreshold }: { result: TBinaryScenarioResult; inputs: TBinaryInputs; label: string; onUseThreshold: (t: number) => void }) {
  const money = (v: number, signed = false) => formatMoney(v, result.currency, { signed });
  const p = result.primary;
  const adds = p.value.perMonth - result.baseline.perMonth;
  const best = p.optimum;
  const within = p.optimumWithinCapacity;
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <Figure id="value-per-month" label={`Net value per month, ${label}`} value={money(p.value.perMonth)} tone={p.value.perMonth >= 0 ? "good" : "bad"}>
          {money(p.value.perDecision)} per decision at threshold {formatThreshold(inputs.threshold)}
        </Figure>
        <Figure id="vs-baseline" label="Compared with no model" value={money(adds, true)} tone={adds >= 0 ? "good" : "bad"}>
          No model (nothing flagged, every positive missed): {money(result.baseline.perMonth)} a month
        </Figure>
        <Figure id="best-threshold" label="Value-maximising threshold" value={formatThreshold(best.threshold)}>
          {money(best.perMonth)} a month there, {formatCount(best.flagged)} flagged
          {best.threshold !== null && Math.abs(best.threshold - inputs.threshold) > 1e-12 ? (
            <Button type="button" variant="link" size="sm" className="ml-1 h-auto p-0 text-xs" onClick={() => onUseThreshold(best.threshold!)}>Use it</Button>
          ) : null}
        </Figure>
      </div>
      {within && inputs.reviewCapacity !== null && (within.threshold !== best.threshold) ? (
        <p className="text-sm text-muted-foreground" data-figure="best-within-capacity">
          Within the review capacity of {formatCount(inputs.reviewCapacity)} cases a month the best threshold is <strong className="text-foreground">{formatThreshold(within.threshold)}</strong> ({money(within.perMonth)} a month, {formatCount(within.flagged)} flagged).
          {within.threshold !== null ? <Button type="button" variant="link" size="sm" className="ml-1 h-auto p-0 text-sm" onClick={() => onUseThreshold(within.threshold!)}>Use it</Button> : null}
        </p>
      ) : null}
      <details className="rounded-lg border border-border px-4 py-3 text-sm" data-formula>
        <summary className="cursor-pointer font-medium">Show the formula</summary>
        <div className="mt-3 space-y-2 overflow-x-auto">
          <p className="font-mono text-xs">EV(t) = N·[π·TPR(t)·v<sub>TP</sub> − (1−π)·FPR(t)·c<sub>FP</sub> − π·(1−TPR(t))·c<sub>FN</sub> − (π·TPR(t)+(1−π)·FPR(t))·c<sub>rev</sub>]</p>
          <p className="font-mono text-xs">
            = {formatCount(inputs.volume)} × [{inputs.prevalence.toPrecision(4)}·{p.rates.tpr.toFixed(4)}·{inputs.valueTruePositive} − {(1 - inputs.prevalence).toPrecision(4)}·{p.rates.fpr.toFixed(4)}·{inputs.costFalsePositive} − {inputs.prevalence.toPrecision(4)}·{(1 - p.rates.tpr).toFixed(4)}·{inputs.costFalseNegative} − ({inputs.prevalence.toPrecision(4)}·{p.rates.tpr.toFixed(4)}+{(1 - inputs.prevalence).toPrecision(4)}·{p.rates.fpr.toFixed(4)})·{inputs.costReview}]
          </p>
          <p className="font-mono text-xs">= {money(p.value.terms.caughtValue)} − {money(p.value.terms.falseAlarmCost)} − {money(p.value.terms.missedCost)} − {money(p.value.terms.reviewCost)} = <strong>{money(p.value.perMonth)}</strong> a month</p>
          <p className="text-xs text-muted-foreground">
            TPR(t) and FPR(t) are {label}&apos;s true and false positive rates at threshold t on its evaluation dataset ({formatShare(p.rates.tpr)} of positives and {formatShare(p.rates.fpr)} of negatives score ≥ {formatThreshold(inputs.threshold)}); they are rates within each class, so they carry over to the prevalence you set. Every flagged case is reviewed.
          </p>
        </div>
      </details>
    </div>
  );
}

export function Figure({ id, label, value, tone, children }: { id: string; label: string; value: string; tone?: "good" | "bad"; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-border p-3" data-figure={id}>
      <div className="text-xs font-medium text-muted-foreground">{label}</div>
      <div className={`mt-1 text-2xl font-semibold tabular-nums ${tone === "good" ? "text-success-text" : tone === "bad" ? "text-danger-text" : ""}`} data-value>{value}</div>
      {children ? <div className="mt-1 text-xs text-muted-foreground">{children}</div> : null}
    </div>
  );
}
