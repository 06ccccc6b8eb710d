"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure } from "@/components/whatif/chart-figure";
import { formatMoney } from "@/lib/whatif/format-money";
import { INPUT_INFO } from "@/lib/whatif/schemas";
import type { TSensitivityBar } from "@/lib/whatif/sensitivity";

const AXIS = { fontSize: 11, stroke: "var(--color-muted-foreground)" };
const LOW = "#0072B2";
const HIGH = "#E69F00";

// The tornado: for each input, the net value per month with it 20 % lower and 20 % higher, the
// inputs that move the answer most on top.
export function TornadoChart({ bars, base, currency, filename }: { bars: TSensitivityBar[]; base: number; currency: string; filename: string }) {
  const data = bars.map((b) => ({
    label: INPUT_INFO[b.field].label,
    low: [Math.min(base, b.lowValue), Math.max(base, b.lowValue)],
    high: [Math.min(base, b.highValue), Math.max(base, b.highValue)],
    bar: b,
  }));
  const money = (v: number) => formatMoney(v, currency, { compact: true });
  return (
    <ChartFigure id="tornado" title="What moves the value most (each input ±20 %)" filename={filename} height="h-72"
      legend={[{ label: "input 20 % lower", color: LOW }, { label: "input 20 % higher", color: HIGH }]}
      caption={<>Net value per month at the threshold set, {formatMoney(base, currency)} as entered (the vertical line). The top input is the one to pin down first.</>}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} barGap={-14} barSize={14}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" horizontal={false} />
          <XAxis type="number" tick={AXIS} tickFormatter={money} domain={["auto", "auto"]} />
          <YAxis type="category" dataKey="label" tick={AXIS} width={170} />
          <Tooltip
            formatter={(_v, name, item) => {
              const b = (item.payload as { bar: TSensitivityBar }).bar;
              return name === "low" ? [formatMoney(b.lowValue, currency), `at ${round(b.lowInput)}`] : [formatMoney(b.highValue, currency), `at ${round(b.highInput)}`];
            }}
          />
          <ReferenceLine x={base} stroke="var(--color-foreground)" />
          <Bar dataKey="low" name="low" fill={LOW} fillOpacity={0.85} isAnimationActive={false} />
          <Bar dataKey="high" name="high" fill={HIGH} fillOpacity={0.85} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

function round(v: number): string {
  return String(Math.round(v * 10_000) / 10_000);
}
