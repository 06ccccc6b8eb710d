import type { TMetricValue } from "@/lib/metrics/types";

// jsonb does not keep key order; cards follow this order (DESIGN.md's list of metric keys).
const ORDER = ["roc_auc", "average_precision", "accuracy", "precision", "recall", "f1", "log_loss", "brier", "macro_f1", "weighted_f1", "macro_precision", "macro_recall", "weighted_precision", "weighted_recall", "rmse", "mae", "r2", "mape"];

const LABELS: Record<string, string> = {
  accuracy: "Accuracy", precision: "Precision", recall: "Recall", f1: "F1", roc_auc: "ROC AUC", average_precision: "Average precision",
  log_loss: "Log loss", brier: "Brier score", macro_precision: "Macro precision", macro_recall: "Macro recall", macro_f1: "Macro F1",
  weighted_precision: "Weighted precision", weighted_recall: "Weighted recall", weighted_f1: "Weighted F1", rmse: "RMSE", mae: "MAE", r2: "R²", mape: "MAPE",
};

// One card per metric, scikit-learn's key beside the label. An undefined metric shows its reason.
export function MetricGrid({ metrics }: { metrics: Record<string, TMetricValue> }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Metrics">
      {Object.entries(metrics).sort(([a], [b]) => rank(a) - rank(b)).map(([key, m]) => (
        <div key={key} className="rounded-lg border border-border bg-card p-3" data-metric={key}>
          <dt className="text-xs text-muted-foreground">{LABELS[key] ?? key} <span className="font-mono">{key}</span></dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums">
            {m.value === null ? <span className="text-sm font-normal text-muted-foreground" title={m.reason}>undefined: {m.reason}</span> : format(key, m.value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function rank(key: string): number {
  const i = ORDER.indexOf(key);
  return i < 0 ? ORDER.length : i;
}

function format(key: string, v: number): string {
  if (key === "mape") return `${(v * 100).toFixed(2)} %`;
  return Math.abs(v) >= 1000 ? v.toFixed(1) : v.toFixed(4);
}
