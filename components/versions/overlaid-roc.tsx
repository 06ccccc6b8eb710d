"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { VERSION_COLORS } from "@/components/versions/version-colors";

type TRocSeries = { number: number; auc: number | null; roc: { fpr: number[]; tpr: number[] } | null };

const AXIS = { fontSize: 11, stroke: "var(--color-muted-foreground)" };

// The compared versions' ROC curves on one chart, each in its version colour, AUC in the legend.
export function OverlaidRoc({ series }: { series: TRocSeries[] }) {
  const drawn = series.filter((s) => s.roc);
  if (!drawn.length) return <p className="py-10 text-center text-sm text-muted-foreground">No ROC curve yet: none of these versions has a binary evaluation on this dataset.</p>;
  return (
    <div className="h-72" data-chart="overlaid-roc">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={{ top: 4, right: 8, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
          <XAxis dataKey="x" type="number" domain={[0, 1]} tick={AXIS} allowDuplicatedCategory={false} label={{ value: "False positive rate", position: "insideBottom", offset: -8, fontSize: 11 }} />
          <YAxis type="number" domain={[0, 1]} tick={AXIS} width={36} label={{ value: "True positive rate", angle: -90, position: "insideLeft", fontSize: 11, dy: 40 }} />
          <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(4) : String(v))} labelFormatter={(v) => `FPR ${Number(v).toFixed(4)}`} />
          <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke="var(--color-muted-foreground)" strokeDasharray="4 4" />
          {series.map((s, i) =>
            s.roc ? (
              <Line
                key={s.number}
                data={s.roc.fpr.map((x, k) => ({ x, y: s.roc!.tpr[k] }))}
                dataKey="y"
                name={`v${s.number}${s.auc !== null ? ` (AUC ${s.auc.toFixed(3)})` : ""}`}
                stroke={VERSION_COLORS[i % VERSION_COLORS.length]}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            ) : null,
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
