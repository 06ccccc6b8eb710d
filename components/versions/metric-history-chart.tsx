"use client";

import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { apiFetch } from "@/lib/http/api-client";
import { formatMetric, lowerIsBetter, metricLabel } from "@/lib/metrics/metric-info";
import { routes } from "@/lib/routes";
import type { TMetricHistory } from "@/lib/versions/metric-history";

const AXIS = { fontSize: 11, stroke: "var(--color-muted-foreground)" };
const selectClasses = "h-9 rounded-md border border-input bg-card px-3 text-sm";

// One metric of every version of a model, on one dataset, as a line: where the model has been
// going. Versions not evaluated on the dataset leave a gap; the production version is marked.
export function MetricHistoryChart({ modelId, initial }: { modelId: string; initial: TMetricHistory }) {
  const [datasetId, setDatasetId] = useState(initial.dataset?.id);
  const [metric, setMetric] = useState(() => preferredMetric(initial.metricKeys));
  const { data = initial, isFetching } = useQuery({
    queryKey: ["models", modelId, "metric-history", datasetId ?? null],
    queryFn: () => apiFetch<TMetricHistory>(routes.api.modelMetrics(modelId, datasetId)),
    initialData: datasetId === initial.dataset?.id ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const key = data.metricKeys.includes(metric) ? metric : preferredMetric(data.metricKeys);
  const points = data.points.map((p) => ({ version: `v${p.number}`, value: p.metrics[key] ?? null, production: p.stage === "PRODUCTION" }));
  const evaluated = points.filter((p) => p.value !== null).length;

  return (
    <div className="space-y-3" aria-busy={isFetching}>
      <div className="flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Metric</span>
          <select className={selectClasses} value={key} onChange={(e) => setMetric(e.target.value)} disabled={!data.metricKeys.length}>
            {data.metricKeys.map((k) => <option key={k} value={k}>{metricLabel(k)} ({k})</option>)}
          </select>
        </label>
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Dataset</span>
          <select className={selectClasses} value={data.dataset?.id ?? ""} onChange={(e) => setDatasetId(e.target.value)} disabled={!data.datasetChoices.length}>
            {data.datasetChoices.length ? null : <option value="">none yet</option>}
            {data.datasetChoices.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </label>
      </div>
      {evaluated === 0 ? (
        <p className="py-8 text-center text-sm text-muted-foreground">No version has been evaluated on this dataset yet. Evaluate a version from its page to start the chart.</p>
      ) : (
        <figure className="h-56" data-chart="metric-history" aria-label={`${metricLabel(key)} across versions`}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
              <XAxis dataKey="version" tick={AXIS} padding={{ left: 24, right: 24 }} />
              <YAxis tick={AXIS} width={48} domain={["auto", "auto"]} tickFormatter={(v: number) => formatMetric(key, v)} />
              <Tooltip formatter={(v) => (typeof v === "number" ? formatMetric(key, v) : "not evaluated")} />
              <Line
                dataKey="value"
                name={metricLabel(key)}
                stroke="var(--color-primary)"
                strokeWidth={2}
                isAnimationActive={false}
                dot={(props: { cx?: number; cy?: number; payload?: { production: boolean }; index?: number }) => (
                  <circle key={props.index} cx={props.cx} cy={props.cy} r={props.payload?.production ? 6 : 3.5} fill={props.payload?.production ? "var(--color-success-text)" : "var(--color-primary)"} stroke="white" strokeWidth={1} />
                )}
              />
            </LineChart>
          </ResponsiveContainer>
          <figcaption className="mt-1 text-xs text-muted-foreground">
            {lowerIsBetter(key) ? "Lower is better." : "Higher is better."}{points.some((p) => p.production) ? " The large green point is the production version." : ""} {evaluated} of {points.length} versions evaluated on this dataset.
          </figcaption>
        </figure>
      )}
    </div>
  );
}

function preferredMetric(keys: string[]): string {
  return ["roc_auc", "macro_f1", "rmse"].find((k) => keys.includes(k)) ?? keys[0] ?? "";
}
