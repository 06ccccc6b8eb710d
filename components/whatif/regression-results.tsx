"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { VERSION_COLORS } from "@/components/versions/version-colors";
import { ChartFigure } from "@/components/whatif/chart-figure";
import { Figure } from "@/components/whatif/value-summary";
import type { TRegressionScenarioResult } from "@/lib/whatif/compute-scenario";
import { formatMoney } from "@/lib/whatif/format-money";

const AXIS = { fontSize: 11, stroke: "var(--color-muted-foreground)" };

// A regressor's expected monthly cost of error from its evaluation residuals, split by direction,
// and the saving of the compared version.
export function RegressionResults({ result, filename }: { result: TRegressionScenarioResult; filename: string }) {
  const money = (v: number) => formatMoney(v, result.currency);
  const p = result.primary;
  const hist = p.residuals.histogram;
  const bars = hist ? hist.counts.map((c, i) => ({ x: (hist.edges[i] + hist.edges[i + 1]) / 2, count: c })) : [];
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <Figure id="cost-per-month" label={`Cost of error per month, v${p.number}`} value={money(p.cost.perMonth)} tone="bad">{money(p.cost.perPrediction)} per prediction</Figure>
        <Figure id="over-cost" label="From over-prediction" value={money(p.cost.overCost)}>mean {p.residuals.meanOver.toFixed(3)} {result.unit} too high per prediction</Figure>
        <Figure id="under-cost" label="From under-prediction" value={money(p.cost.underCost)}>mean {p.residuals.meanUnder.toFixed(3)} {result.unit} too low per prediction</Figure>
      </div>
      {result.compare ? (
        <div className="space-y-2" data-compare>
          <p className="text-sm" data-figure="uplift">
            v{result.compare.number} would cost <strong className="tabular-nums">{money(result.compare.cost.perMonth)}</strong> a month: it {result.saving! >= 0 ? "saves" : "adds"} <strong className={`tabular-nums ${result.saving! >= 0 ? "text-success-text" : "text-danger-text"}`} data-value>{money(Math.abs(result.saving!))}</strong> a month against v{p.number}.
          </p>
          <table className="w-full text-sm" aria-label="Versions compared">
            <thead className="text-left text-xs text-muted-foreground"><tr><th className="py-1 font-medium">Version</th><th className="py-1 font-medium">Cost per month</th><th className="py-1 font-medium">Mean over / under</th></tr></thead>
            <tbody>
              {[p, result.compare].map((s, i) => (
                <tr key={s.versionId} className="border-t border-border"><td className="py-1.5 font-medium"><span aria-hidden className="mr-1.5 inline-block size-2.5 rounded-full" style={{ background: VERSION_COLORS[i] }} />v{s.number}</td><td className="py-1.5 tabular-nums">{money(s.cost.perMonth)}</td><td className="py-1.5 tabular-nums">{s.residuals.meanOver.toFixed(3)} / {s.residuals.meanUnder.toFixed(3)} {result.unit}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {hist ? (
        <ChartFigure id="residuals" title={`Errors of v${p.number} on its evaluation (prediction − actual, ${result.unit})`} filename={filename} height="h-56"
          caption="Right of zero the model predicted too much, left of it too little; each side is priced at its own cost per unit.">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={bars} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
              <XAxis dataKey="x" tick={AXIS} tickFormatter={(v: number) => v.toFixed(0)} />
              <YAxis tick={AXIS} width={40} />
              <Tooltip formatter={(v) => [String(v), "rows"]} labelFormatter={(x) => `around ${Number(x).toFixed(1)} ${result.unit}`} />
              <Bar dataKey="count" fill={VERSION_COLORS[0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFigure>
      ) : null}
    </div>
  );
}
