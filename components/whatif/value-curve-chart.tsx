"use client";

import { useMemo } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure } from "@/components/whatif/chart-figure";
import { formatThreshold } from "@/components/whatif/format";
import { VERSION_COLORS } from "@/components/versions/version-colors";
import { expectedValue } from "@/lib/whatif/ev";
import { formatMoney } from "@/lib/whatif/format-money";
import { ratesAt } from "@/lib/whatif/rates-at";
import type { TBinaryInputs } from "@/lib/whatif/schemas";
import type { TThresholdCurve } from "@/lib/whatif/types";

const AXIS = { fontSize: 11, stroke: "var(--color-muted-foreground)" };
const STEPS = 200;
const TICKS = Array.from({ length: 11 }, (_, i) => i / 10);

type TSeries = { label: string; curve: TThresholdCurve; best: number | null };

// Net value per month at every threshold (every 0.005, plus the thresholds marked), for one or two
// versions, with the threshold set, each version's best and the no-model baseline.
export function ValueCurveChart({ inputs, series, baseline, filename }: { inputs: TBinaryInputs; series: TSeries[]; baseline: number; filename: string }) {
  const data = useMemo(() => {
    const ts = new Set<number>();
    for (let k = 0; k <= STEPS; k++) ts.add(k / STEPS);
    ts.add(inputs.threshold);
    for (const s of series) if (s.best !== null) ts.add(s.best);
    return [...ts].sort((a, b) => a - b).map((t) => {
      const row: Record<string, number> = { t };
      series.forEach((s, i) => { row[`v${i}`] = expectedValue(inputs, ratesAt(s.curve, t)).perMonth; });
      return row;
    });
  }, [inputs, series]);
  const money = (v: number) => formatMoney(v, inputs.currency, { compact: true });
  const legend = [
    ...series.map((s, i) => ({ label: `${s.label}${s.best !== null ? ` (best at ${formatThreshold(s.best)})` : " (best: flag nothing)"}`, color: VERSION_COLORS[i] })),
    { label: "no model", color: "#64748b" },
  ];
  return (
    <ChartFigure id="value-vs-threshold" title="Net value per month by threshold" filename={filename} legend={legend} height="h-72"
      caption={<>The solid vertical line is the threshold set ({formatThreshold(inputs.threshold)}); dashed ones mark each version&apos;s value-maximising threshold; the grey horizontal line is having no model.</>}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 16, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
          <XAxis dataKey="t" type="number" domain={[0, 1]} ticks={TICKS} tick={AXIS} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: "Threshold (flag scores ≥ it)", position: "insideBottom", offset: -10, fontSize: 11 }} />
          <YAxis tick={AXIS} width={64} tickFormatter={money} domain={["auto", "auto"]} />
          <Tooltip formatter={(v, name) => [formatMoney(Number(v), inputs.currency), series[Number(String(name).slice(1))]?.label ?? String(name)]} labelFormatter={(t) => `threshold ${formatThreshold(Number(t))}`} />
          <ReferenceLine y={baseline} stroke="#64748b" strokeDasharray="2 2" />
          {series.map((s, i) => (s.best !== null ? <ReferenceLine key={`best-${i}`} x={s.best} stroke={VERSION_COLORS[i]} strokeDasharray="5 4" /> : null))}
          <ReferenceLine x={inputs.threshold} stroke="var(--color-foreground)" strokeWidth={1.5} label={{ value: "set", position: "top", fontSize: 11, fill: "var(--color-foreground)" }} />
          {series.map((s, i) => <Line key={s.label} dataKey={`v${i}`} name={`v${i}`} stroke={VERSION_COLORS[i]} strokeWidth={2} dot={false} isAnimationActive={false} />)}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
