"use client";

import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { TBinaryMetrics, TMulticlassMetrics, TRegressionMetrics } from "@/lib/metrics/types";

type TMetrics = TBinaryMetrics | TMulticlassMetrics | TRegressionMetrics;

const AXIS = { fontSize: 11, stroke: "var(--color-muted-foreground)" };
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

// The charts behind the numbers: ROC, precision–recall and calibration curves and the confusion
// matrix for classifiers; residuals and predicted-vs-actual for regressors.
export function EvaluationCharts({ metrics, classLabels }: { metrics: TMetrics; classLabels?: string[] }) {
  if (metrics.task === "binary") return <BinaryCharts m={metrics} />;
  if (metrics.task === "multiclass") return <ConfusionMatrix matrix={metrics.confusionMatrix} labels={classLabels ?? metrics.confusionMatrix.map((_, i) => String(i))} />;
  return <RegressionCharts m={metrics} />;
}

function ChartCard({ title, children, empty }: { title: string; children: React.ReactNode; empty?: string }) {
  return (
    <figure className="rounded-lg border border-border p-3">
      <figcaption className="mb-2 text-sm font-medium">{title}</figcaption>
      {empty ? <p className="py-10 text-center text-sm text-muted-foreground">{empty}</p> : <div className="h-56">{children}</div>}
    </figure>
  );
}

function BinaryCharts({ m }: { m: TBinaryMetrics }) {
  const roc = m.roc.value ? m.roc.value.fpr.map((x, i) => ({ x, y: m.roc.value!.tpr[i] })) : [];
  const pr = m.pr.value ? m.pr.value.recall.map((x, i) => ({ x, y: m.pr.value!.precision[i] })).sort((a, b) => a.x - b.x) : [];
  const cal = m.calibration.value ? m.calibration.value.meanPredicted.map((x, i) => ({ x, y: m.calibration.value!.fractionPositive[i] })) : [];
  return (
    <div className="grid gap-3 md:grid-cols-2" data-charts="binary">
      <ChartCard title={`ROC curve${m.metrics.roc_auc.value !== null ? ` (AUC ${m.metrics.roc_auc.value.toFixed(3)})` : ""}`} empty={m.roc.value ? undefined : m.roc.reason}>
        <Curve data={roc} xLabel="False positive rate" yLabel="True positive rate" diagonal />
      </ChartCard>
      <ChartCard title={`Precision–recall${m.metrics.average_precision.value !== null ? ` (AP ${m.metrics.average_precision.value.toFixed(3)})` : ""}`} empty={m.pr.value ? undefined : m.pr.reason}>
        <Curve data={pr} xLabel="Recall" yLabel="Precision" step />
      </ChartCard>
      <ChartCard title="Calibration (10 bins)" empty={m.calibration.value ? undefined : m.calibration.reason}>
        <Curve data={cal} xLabel="Mean predicted probability" yLabel="Fraction positive" diagonal dots />
      </ChartCard>
      <ConfusionMatrix matrix={m.confusionMatrix} labels={["negative", "positive"]} caption={`Confusion matrix at threshold ${m.threshold}`} />
    </div>
  );
}

function Curve({ data, xLabel, yLabel, diagonal, step, dots }: { data: { x: number; y: number }[]; xLabel: string; yLabel: string; diagonal?: boolean; step?: boolean; dots?: boolean }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 4, right: 8, bottom: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
        <XAxis dataKey="x" type="number" domain={[0, 1]} tickFormatter={fmt} tick={AXIS} label={{ value: xLabel, position: "insideBottom", offset: -8, fontSize: 11 }} />
        <YAxis type="number" domain={[0, 1]} tickFormatter={fmt} tick={AXIS} width={36} label={{ value: yLabel, angle: -90, position: "insideLeft", fontSize: 11, dy: 40 }} />
        <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(4) : String(v))} labelFormatter={(v) => `${xLabel} ${Number(v).toFixed(4)}`} />
        {diagonal ? <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke="var(--color-muted-foreground)" strokeDasharray="4 4" /> : null}
        <Line dataKey="y" name={yLabel} type={step ? "stepAfter" : "linear"} stroke="var(--color-primary)" strokeWidth={2} dot={dots ? { r: 3 } : false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

function ConfusionMatrix({ matrix, labels, caption = "Confusion matrix" }: { matrix: number[][]; labels: string[]; caption?: string }) {
  const max = Math.max(1, ...matrix.flat());
  return (
    <figure className="rounded-lg border border-border p-3" data-chart="confusion-matrix">
      <figcaption className="mb-2 text-sm font-medium">{caption}</figcaption>
      <div className="overflow-x-auto">
        <table className="mx-auto border-separate border-spacing-1 text-sm" aria-label={caption}>
          <thead>
            <tr>
              <th className="px-2 text-xs font-normal text-muted-foreground">actual ↓ / predicted →</th>
              {labels.map((l) => <th key={l} scope="col" className="px-2 text-xs font-medium">{l}</th>)}
            </tr>
          </thead>
          <tbody>
            {matrix.map((row, i) => (
              <tr key={labels[i] ?? i}>
                <th scope="row" className="px-2 text-right text-xs font-medium">{labels[i] ?? i}</th>
                {row.map((v, j) => {
                  const share = v / max;
                  return (
                    <td key={j} className="min-w-16 rounded-md px-3 py-2 text-center tabular-nums"
                      style={{ background: `color-mix(in oklab, var(--color-primary) ${Math.round(share * 85)}%, transparent)`, color: share > 0.5 ? "white" : undefined }}>
                      {v.toLocaleString()}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function RegressionCharts({ m }: { m: TRegressionMetrics }) {
  const h = m.residualHistogram.value;
  const bars = h ? h.counts.map((c, i) => ({ x: (h.edges[i] + h.edges[i + 1]) / 2, count: c })) : [];
  const points = m.predictedVsActual.actual.map((a, i) => ({ x: a, y: m.predictedVsActual.predicted[i] }));
  const lo = Math.min(...points.map((p) => Math.min(p.x, p.y)));
  const hi = Math.max(...points.map((p) => Math.max(p.x, p.y)));
  return (
    <div className="grid gap-3 md:grid-cols-2" data-charts="regression">
      <ChartCard title="Residuals (actual − predicted)" empty={h ? undefined : m.residualHistogram.reason}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={bars} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
            <XAxis dataKey="x" tickFormatter={fmt} tick={AXIS} />
            <YAxis tick={AXIS} width={40} />
            <Tooltip labelFormatter={(v) => `residual ≈ ${Number(v).toFixed(2)}`} />
            <Bar dataKey="count" fill="var(--color-primary)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard title={`Predicted vs actual (${points.length} rows sampled)`} empty={points.length ? undefined : "no rows"}>
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 4, right: 8, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
            <XAxis dataKey="x" type="number" domain={[lo, hi]} tickFormatter={fmt} tick={AXIS} name="actual" label={{ value: "Actual", position: "insideBottom", offset: -8, fontSize: 11 }} />
            <YAxis dataKey="y" type="number" domain={[lo, hi]} tickFormatter={fmt} tick={AXIS} width={40} name="predicted" />
            <ReferenceLine segment={[{ x: lo, y: lo }, { x: hi, y: hi }]} stroke="var(--color-muted-foreground)" strokeDasharray="4 4" />
            <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(3) : String(v))} />
            <Scatter data={points} fill="var(--color-primary)" fillOpacity={0.5} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}
