"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Badge } from "@/components/ui/badge";
import { ChartFigure } from "@/components/whatif/chart-figure";
import { formatShare } from "@/components/whatif/format";
import type { TCadence } from "@/lib/whatif/cadence";
import type { TObservedDecay } from "@/lib/whatif/decay-from-history";
import { formatMoney } from "@/lib/whatif/format-money";

const AXIS = { fontSize: 11, stroke: "var(--color-muted-foreground)" };
const CADENCE_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"];

// Retraining cadence by the sawtooth model: average cost per month of each cadence, the cheapest,
// and the value month by month over a year.
export function CadenceCard({ cadence, currency, decayPerMonth, retrainingCost, observed, filename }: { cadence: TCadence; currency: string; decayPerMonth: number; retrainingCost: number; observed: TObservedDecay | null; filename: string }) {
  const money = (v: number) => formatMoney(v, currency);
  const data = Array.from({ length: 12 }, (_, k) => {
    const row: Record<string, number> = { month: k + 1 };
    cadence.options.forEach((o) => { row[`m${o.months}`] = o.projection[k]; });
    return row;
  });
  const label = (months: number) => (months === 1 ? "every month" : `every ${months} months`);
  return (
    <div className="space-y-4" data-cadence>
      <p className="text-sm" data-figure="best-cadence">
        Retrain <strong data-value>{label(cadence.best)}</strong>: at {formatShare(decayPerMonth)} of the model&apos;s value over no model lost per month of age and {money(retrainingCost)} per retraining, that cadence costs the least per month.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" aria-label="Retraining cadences">
          <thead className="text-left text-xs text-muted-foreground">
            <tr><th className="py-1 pr-3 font-medium">Retrain</th><th className="py-1 pr-3 font-medium">Value lost per cycle</th><th className="py-1 pr-3 font-medium">Average cost per month</th><th className="py-1 font-medium">Net value over a year</th></tr>
          </thead>
          <tbody>
            {cadence.options.map((o) => (
              <tr key={o.months} className="border-t border-border" data-cadence-months={o.months} data-best={o.months === cadence.best || undefined}>
                <td className="py-1.5 pr-3">{label(o.months)} {o.months === cadence.best ? <Badge variant="success" className="ml-1">cheapest</Badge> : null}</td>
                <td className="py-1.5 pr-3 tabular-nums">{money(o.lostPerCycle)}</td>
                <td className="py-1.5 pr-3 tabular-nums">{money(o.costPerMonth)}</td>
                <td className="py-1.5 tabular-nums">{money(o.yearTotal)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ChartFigure id="cadence" title="Net value month by month, by retraining cadence" filename={filename} legend={cadence.options.map((o, i) => ({ label: label(o.months), color: CADENCE_COLORS[i] }))} height="h-56"
        caption="Each retraining costs its price in the month it happens; between retrainings the model loses value as it ages (the sawtooth).">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
            <XAxis dataKey="month" tick={AXIS} label={{ value: "Month", position: "insideBottom", offset: -10, fontSize: 11 }} />
            <YAxis tick={AXIS} width={64} tickFormatter={(v: number) => formatMoney(v, currency, { compact: true })} domain={["auto", "auto"]} />
            <Tooltip formatter={(v, name) => [money(Number(v)), label(Number(String(name).slice(1)))]} labelFormatter={(m) => `month ${m}`} />
            {cadence.options.map((o, i) => <Line key={o.months} dataKey={`m${o.months}`} name={`m${o.months}`} stroke={CADENCE_COLORS[i]} strokeWidth={o.months === cadence.best ? 2.5 : 1.5} dot={false} isAnimationActive={false} />)}
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
      {observed ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-muted-foreground">Observed decay: ROC AUC on {observed.points.length} evaluation datasets</summary>
          <ul className="mt-2 space-y-0.5 text-xs">
            {observed.points.map((p) => <li key={p.at + p.label}>{new Date(p.at).toISOString().slice(0, 10)} · {p.label}: ROC AUC {p.rocAuc.toFixed(4)}</li>)}
          </ul>
          <p className="mt-1 text-xs text-muted-foreground">A straight line through these, with the value taken as proportional to the AUC above 0.5 (chance), loses {formatShare(observed.decayPerMonth)} of the value per month.</p>
        </details>
      ) : null}
    </div>
  );
}
