/**
 * Result shapes of lib/metrics. Everything here is plain JSON (numbers, arrays, null): results are
 * stored in PostgreSQL JSONB and sent to the browser as they are, so no NaN, no Infinity, no typed
 * arrays. Metric keys are scikit-learn's names (DESIGN.md); the other fields are camelCase.
 */

/** A metric that may be undefined for the data (e.g. ROC AUC with one class): then value is null and reason says why. */
export type TMetricValue = { value: number | null; reason?: string };

/** Equal-width bins: `edges` has `counts.length + 1` entries; the last bin includes its right edge (np.histogram). */
export type THistogram = { edges: number[]; counts: number[] };

/** sklearn.metrics.roc_curve(drop_intermediate=True); thresholds[0] is max score + 1 as in sklearn 1.2. */
export type TRocCurve = { fpr: number[]; tpr: number[]; thresholds: number[] };

/** sklearn.metrics.precision_recall_curve: precision/recall have one more point than thresholds (the (recall 0, precision 1) end). */
export type TPrCurve = { precision: number[]; recall: number[]; thresholds: number[] };

/** sklearn.calibration.calibration_curve(strategy="uniform") per non-empty bin, plus the bin bounds and row counts. */
export type TCalibrationCurve = {
  binLower: number[];
  binUpper: number[];
  meanPredicted: number[];
  fractionPositive: number[];
  counts: number[];
};

/** A curve or chart is null (with a reason) when it cannot be drawn for the data. */
export type TMaybe<T> = { value: T | null; reason?: string };

export const BINARY_METRIC_KEYS = ["accuracy", "precision", "recall", "f1", "roc_auc", "average_precision", "log_loss", "brier"] as const;
export type TBinaryMetricKey = (typeof BINARY_METRIC_KEYS)[number];

export type TBinaryMetrics = {
  task: "binary";
  rowCount: number;
  positiveCount: number;
  /** Rows with score >= threshold are predicted positive. */
  threshold: number;
  metrics: Record<TBinaryMetricKey, TMetricValue>;
  /** [[tn, fp], [fn, tp]] as sklearn.metrics.confusion_matrix(y_true, y_pred). */
  confusionMatrix: [[number, number], [number, number]];
  /** Chart data, downsampled to at most `maxCurvePoints`; the scalar metrics always use the full curves. */
  roc: TMaybe<TRocCurve>;
  pr: TMaybe<TPrCurve>;
  calibration: TMaybe<TCalibrationCurve>;
  /** Score histograms on [0, 1] for rows labelled negative and positive. */
  scoreHistogram: TMaybe<{ negative: THistogram; positive: THistogram }>;
};

export const MULTICLASS_METRIC_KEYS = [
  "accuracy",
  "macro_precision",
  "macro_recall",
  "macro_f1",
  "weighted_precision",
  "weighted_recall",
  "weighted_f1",
  "log_loss",
] as const;
export type TMulticlassMetricKey = (typeof MULTICLASS_METRIC_KEYS)[number];

export type TMulticlassMetrics = {
  task: "multiclass";
  rowCount: number;
  classCount: number;
  metrics: Record<TMulticlassMetricKey, TMetricValue>;
  /** Per class (index = class index), sklearn precision_recall_fscore_support(average=None, zero_division=0). */
  perClass: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
  /** confusion_matrix(y_true, y_pred, labels=range(k)): rows are true classes, columns predicted ones. */
  confusionMatrix: number[][];
};

export const REGRESSION_METRIC_KEYS = ["rmse", "mae", "r2", "mape"] as const;
export type TRegressionMetricKey = (typeof REGRESSION_METRIC_KEYS)[number];

export type TRegressionMetrics = {
  task: "regression";
  rowCount: number;
  metrics: Record<TRegressionMetricKey, TMetricValue>;
  /** Rows left out of MAPE because their target is exactly zero. */
  mapeExcludedRows: number;
  /** Histogram of residuals (actual − predicted) over their own range. */
  residualHistogram: TMaybe<THistogram>;
  /** At most `maxSamplePoints` rows at evenly spaced indices, in input order. */
  predictedVsActual: { actual: number[]; predicted: number[] };
};
