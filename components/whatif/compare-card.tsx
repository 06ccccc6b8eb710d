"use client";

import { VERSION_COLORS } from "@/components/versions/version-colors";
import { formatShare, formatThreshold } from "@/components/whatif/format";
import type { TBinaryScenarioResult } from "@/lib/whatif/compute-scenario";
import { formatMoney } from "@/lib/whatif/format-money";

// Two versions on the same inputs: what each is worth at the threshold set and at its own best,
// and the monthly difference.
export function CompareCard({ result, threshold }: { result: TBinaryScenarioResult; threshold: number }) {
  const c = result.compare!;
  const p = result.primary;
  const money = (v: number, signed = false) => formatMoney(v, result.currency, { signed });
  const up = result.uplift!;
  return (
    <div className="space-y-3" data-compare>
      <p className="text-sm" data-figure="uplift">
        Switching from v{p.number} to v{c.number} {up.atThreshold >= 0 ? "adds" : "costs"} <strong className={`tabular-nums ${up.atThreshold >= 0 ? "text-success-text" : "text-danger-text"}`} data-value>{money(Math.abs(up.atThreshold))}</strong> a month at threshold {formatThreshold(threshold)}, and {money(up.atBest, true)} a month with each at its own best threshold.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" aria-label="Versions compared">
          <thead className="text-left text-xs text-muted-foreground">
            <tr><th className="py-1 pr-3 font-medium">Version</th><th className="py-1 pr-3 font-medium">At {formatThreshold(threshold)}</th><th className="py-1 pr-3 font-medium">Caught / false alarms</th><th className="py-1 pr-3 font-medium">Best threshold</th><th className="py-1 font-medium">At its best</th></tr>
          </thead>
          <tbody>
            {[p, c].map((s, i) => (
              <tr key={s.versionId} className="border-t border-border" data-version={s.number}>
                <td className="py-1.5 pr-3 font-medium"><span aria-hidden className="mr-1.5 inline-block size-2.5 rounded-full" style={{ background: VERSION_COLORS[i] }} />v{s.number}</td>
                <td className="py-1.5 pr-3 tabular-nums">{money(s.value.perMonth)}</td>
                <td className="py-1.5 pr-3 tabular-nums">{formatShare(s.rates.tpr)} / {formatShare(s.rates.fpr)}</td>
                <td className="py-1.5 pr-3 tabular-nums" data-best-threshold>{formatThreshold(s.optimum.threshold)}</td>
                <td className="py-1.5 tabular-nums">{money(s.optimum.perMonth)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
