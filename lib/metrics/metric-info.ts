// What the UI, the compare view and the gates need to know about each metric key (DESIGN.md's list,
// scikit-learn's names): a label, which direction is better, and how to print a value.

export const METRIC_ORDER = [
  "roc_auc", "average_precision", "accuracy", "precision", "recall", "f1", "log_loss", "brier",
  "macro_f1", "weighted_f1", "macro_precision", "macro_recall", "weighted_precision", "weighted_recall",
  "rmse", "mae", "r2", "mape",
] as const;

const LABELS: Record<string, string> = {
  accuracy: "Accuracy", precision: "Precision", recall: "Recall", f1: "F1", roc_auc: "ROC AUC", average_precision: "Average precision",
  log_loss: "Log loss", brier: "Brier score", macro_precision: "Macro precision", macro_recall: "Macro recall", macro_f1: "Macro F1",
  weighted_precision: "Weighted precision", weighted_recall: "Weighted recall", weighted_f1: "Weighted F1", rmse: "RMSE", mae: "MAE", r2: "R²", mape: "MAPE",
};

// Losses and errors: a smaller value is the better model.
const LOWER_IS_BETTER = new Set(["log_loss", "brier", "rmse", "mae", "mape"]);

export function metricLabel(key: string): string {
  return LABELS[key] ?? key;
}

export function lowerIsBetter(key: string): boolean {
  return LOWER_IS_BETTER.has(key);
}

/** Position in the canonical order (unknown keys last), for sorting jsonb objects that lost it. */
export function metricRank(key: string): number {
  const i = (METRIC_ORDER as readonly string[]).indexOf(key);
  return i < 0 ? METRIC_ORDER.length : i;
}

export function formatMetric(key: string, v: number): string {
  if (key === "mape") return `${(v * 100).toFixed(2)} %`;
  return Math.abs(v) >= 1000 ? v.toFixed(1) : v.toFixed(4);
}

/** A difference, signed, in the metric's unit (percentage points for MAPE). */
export function formatDelta(key: string, d: number): string {
  const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
  const a = Math.abs(d);
  if (key === "mape") return `${sign}${(a * 100).toFixed(2)} pp`;
  return `${sign}${a >= 1000 ? a.toFixed(1) : a.toFixed(4)}`;
}

/** +1 when the change is an improvement, -1 when it is a regression, 0 when equal. */
export function deltaDirection(key: string, d: number): -1 | 0 | 1 {
  if (d === 0) return 0;
  return (d > 0) !== lowerIsBetter(key) ? 1 : -1;
}
