import type { TMetricValue } from "@/lib/metrics/types";
import { formatMetric, metricLabel, metricRank } from "@/lib/metrics/metric-info";

// One card per metric, scikit-learn's key beside the label. An undefined metric shows its reason.
export function MetricGrid({ metrics }: { metrics: Record<string, TMetricValue> }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Metrics">
      {Object.entries(metrics).sort(([a], [b]) => metricRank(a) - metricRank(b)).map(([key, m]) => (
        <div key={key} className="rounded-lg border border-border bg-card p-3" data-metric={key}>
          <dt className="text-xs text-muted-foreground">{metricLabel(key)} <span className="font-mono">{key}</span></dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums">
            {m.value === null ? <span className="text-sm font-normal text-muted-foreground" title={m.reason}>undefined: {m.reason}</span> : formatMetric(key, m.value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
