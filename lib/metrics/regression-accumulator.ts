import { evenlySpacedIndices, pickIndices } from "@/lib/metrics/downsample";
import { GrowableArray } from "@/lib/metrics/growable-array";
import { histogram } from "@/lib/metrics/histogram";
import { metricValue, undefinedMetric } from "@/lib/metrics/metric-value";
import { pairwiseSum } from "@/lib/metrics/summation";
import type { TRegressionMetrics } from "@/lib/metrics/types";
import { validateBatch } from "@/lib/metrics/validate-batch";

/** sklearn's mean_absolute_percentage_error divides by max(|y|, np.finfo(np.float64).eps). */
const FLOAT64_EPS = 2 ** -52;

export type TRegressionFinishOptions = { residualBins?: number; maxSamplePoints?: number };

export type TRegressionAccumulator = {
  readonly rowCount: number;
  add(predictions: ArrayLike<number>, targets: ArrayLike<number>): void;
  finish(options?: TRegressionFinishOptions): TRegressionMetrics;
};

/**
 * Accumulates regression predictions and targets as float64 and computes the metrics at finish()
 * with sklearn's formulas and numpy's pairwise sums. MAPE deliberately leaves out rows whose target
 * is exactly zero (sklearn would divide by ε and report astronomically large values) and reports how
 * many rows it left out.
 */
export function createRegressionAccumulator(): TRegressionAccumulator {
  const predictions = new GrowableArray(Float64Array);
  const targets = new GrowableArray(Float64Array);
  return {
    get rowCount() {
      return targets.length;
    },
    add(batchPredictions, batchTargets) {
      validateBatch(batchPredictions, 1, batchTargets, Number.isFinite, { values: "predictions", labels: "targets" });
      predictions.append(batchPredictions);
      targets.append(batchTargets);
    },
    finish(options = {}) {
      return computeRegressionMetrics(predictions.view(), targets.view(), options);
    },
  };
}

function computeRegressionMetrics(p: Float64Array, y: Float64Array, options: TRegressionFinishOptions): TRegressionMetrics {
  const { residualBins = 30, maxSamplePoints = 500 } = options;
  const n = y.length;
  const sample = evenlySpacedIndices(n, maxSamplePoints);
  const result: TRegressionMetrics = {
    task: "regression",
    rowCount: n,
    metrics: { rmse: undefinedMetric("no rows"), mae: undefinedMetric("no rows"), r2: undefinedMetric("no rows"), mape: undefinedMetric("no rows") },
    mapeExcludedRows: 0,
    residualHistogram: { value: null, reason: "no rows" },
    predictedVsActual: { actual: pickIndices(sample, y), predicted: pickIndices(sample, p) },
  };
  if (n === 0) return result;
  const m = result.metrics;

  const terms = new Float64Array(n);
  for (let i = 0; i < n; i++) terms[i] = (y[i] - p[i]) ** 2;
  const squaredErrorSum = pairwiseSum(terms);
  m.rmse = metricValue(Math.sqrt(squaredErrorSum / n));

  if (n < 2) {
    m.r2 = undefinedMetric("R² needs at least two rows");
  } else {
    // r2_score: 1 − Σ(y − ŷ)² / Σ(y − ȳ)²; with constant targets sklearn forces 0 or 1, which says nothing.
    const mean = pairwiseSum(y) / n;
    for (let i = 0; i < n; i++) terms[i] = (y[i] - mean) ** 2;
    const totalSum = pairwiseSum(terms);
    m.r2 = totalSum === 0 ? undefinedMetric("all targets are equal, so R² is not defined") : metricValue(1 - squaredErrorSum / totalSum);
  }

  let min = Infinity;
  let max = -Infinity;
  let nonZero = 0;
  for (let i = 0; i < n; i++) {
    const residual = y[i] - p[i];
    terms[i] = Math.abs(residual);
    if (residual < min) min = residual;
    if (residual > max) max = residual;
  }
  m.mae = metricValue(pairwiseSum(terms) / n);

  // Percentage errors of non-zero targets, packed at the front of `terms` in input order.
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0) terms[nonZero++] = Math.abs(p[i] - y[i]) / Math.max(Math.abs(y[i]), FLOAT64_EPS);
  }
  result.mapeExcludedRows = n - nonZero;
  m.mape = nonZero === 0 ? undefinedMetric("all targets are zero, so percentage errors are not defined") : metricValue(pairwiseSum(terms, 0, nonZero) / nonZero);

  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = y[i] - p[i];
  result.residualHistogram = { value: histogram(residuals, residualBins, [min, max]) };
  return result;
}
