import { countClfCurvePoints, sortByClassInPlace, type TScores } from "@/lib/metrics/binary-clf-curve";
import { calibrationCurve } from "@/lib/metrics/calibration";
import { GrowableArray } from "@/lib/metrics/growable-array";
import { groupedHistograms } from "@/lib/metrics/histogram";
import { metricValue, undefinedMetric } from "@/lib/metrics/metric-value";
import { precisionRecallSummary } from "@/lib/metrics/precision-recall";
import { rocSummary } from "@/lib/metrics/roc";
import { pairwiseSumOf } from "@/lib/metrics/summation";
import type { TBinaryMetrics, TMetricValue } from "@/lib/metrics/types";
import { validateBatch } from "@/lib/metrics/validate-batch";

/** np.finfo(np.float64).eps: sklearn ≥ 1.2 log_loss(eps="auto") clips float64 probabilities to [eps, 1 − eps]. */
const FLOAT64_EPS = 2 ** -52;

export type TBinaryFinishOptions = { maxCurvePoints?: number; calibrationBins?: number; histogramBins?: number };

export type TBinaryAccumulator = {
  readonly rowCount: number;
  /** scores: probability of the positive class per row (any finite score is accepted; see brier); labels: 0 or 1. */
  add(scores: ArrayLike<number>, labels: ArrayLike<number>): void;
  /**
   * Rows with score >= threshold are predicted positive, the convention of sklearn's roc_curve
   * thresholds. Ends the accumulation: it sorts the stored scores in place, so add() and finish()
   * throw afterwards (as a hash's digest() does).
   */
  finish(threshold?: number, options?: TBinaryFinishOptions): TBinaryMetrics;
};

/** expectedRows: how many rows will be added, if known, so the arrays are allocated once at their size. */
export type TBinaryAccumulatorOptions = { expectedRows?: number | null };

// A wrong row count must not reserve gigabytes up front; past this the arrays grow as rows arrive.
const MAX_RESERVED_ROWS = 1 << 26;

/**
 * Accumulates binary-classification predictions batch by batch and computes every metric exactly at
 * finish(), with one O(n log n) sort. Feeding the same rows in any batching gives identical results,
 * because the stored arrays are identical.
 *
 * Memory is 5 bytes a row while every score is a float32 value (onnxruntime's usual output): scores
 * are kept as float32, which loses nothing since each widens back to the very same double. The first
 * score that float32 cannot hold switches the store to float64 (9 bytes a row). finish() allocates
 * nothing proportional to the rows: per-row terms are summed as they are computed, the ranking
 * metrics sort the stored scores in place and walk the curves instead of materialising them.
 */
export function createBinaryAccumulator(options: TBinaryAccumulatorOptions = {}): TBinaryAccumulator {
  const expected = options.expectedRows ?? 0;
  const capacity = Number.isFinite(expected) ? Math.min(Math.max(Math.trunc(expected), 1024), MAX_RESERVED_ROWS) : 1024;
  let narrowScores: GrowableArray<Float32Array> | null = new GrowableArray(Float32Array, capacity);
  let scores: GrowableArray<Float32Array> | GrowableArray<Float64Array> = narrowScores;
  const labels = new GrowableArray(Uint8Array, capacity);
  let finished = false;
  const checkOpen = () => {
    if (finished) throw new Error("the binary accumulator has already finished: create a new one");
  };
  return {
    get rowCount() {
      return labels.length;
    },
    add(batchScores, batchLabels) {
      checkOpen();
      validateBatch(batchScores, 1, batchLabels, (l) => l === 0 || l === 1, { values: "scores", labels: "labels" });
      if (narrowScores && !holdsInFloat32(batchScores)) {
        scores = widen(narrowScores);
        narrowScores = null;
      }
      scores.append(batchScores);
      labels.append(batchLabels);
    },
    finish(threshold = 0.5, options = {}) {
      checkOpen();
      if (!Number.isFinite(threshold)) throw new RangeError("threshold must be a finite number");
      finished = true;
      return computeBinaryMetrics(scores.view(), labels.view(), threshold, options);
    },
  };
}

function holdsInFloat32(values: ArrayLike<number>): boolean {
  if (values instanceof Float32Array) return true;
  for (let i = 0; i < values.length; i++) {
    if (Math.fround(values[i]) !== values[i]) return false;
  }
  return true;
}

function widen(narrow: GrowableArray<Float32Array>): GrowableArray<Float64Array> {
  const wide = new GrowableArray(Float64Array, narrow.capacity);
  wide.append(narrow.view());
  return wide;
}

function computeBinaryMetrics(s: TScores, y: Uint8Array, threshold: number, options: TBinaryFinishOptions): TBinaryMetrics {
  const { maxCurvePoints = 200, calibrationBins = 10, histogramBins = 20 } = options;
  const n = y.length;
  let tn = 0, fp = 0, fn = 0, tp = 0;
  let inUnitInterval = true;
  for (let i = 0; i < n; i++) {
    const predicted = s[i] >= threshold;
    if (y[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
    if (s[i] < 0 || s[i] > 1) inUnitInterval = false;
  }
  const positives = tp + fn;
  const negatives = tn + fp;
  const result: TBinaryMetrics = {
    task: "binary",
    rowCount: n,
    positiveCount: positives,
    threshold,
    metrics: {
      accuracy: undefinedMetric("no rows"),
      precision: undefinedMetric("no rows"),
      recall: undefinedMetric("no rows"),
      f1: undefinedMetric("no rows"),
      roc_auc: undefinedMetric("no rows"),
      average_precision: undefinedMetric("no rows"),
      log_loss: undefinedMetric("no rows"),
      brier: undefinedMetric("no rows"),
    },
    confusionMatrix: [[tn, fp], [fn, tp]],
    roc: { value: null, reason: "no rows" },
    pr: { value: null, reason: "no rows" },
    calibration: { value: null, reason: "no rows" },
    scoreHistogram: { value: null, reason: "no rows" },
  };
  if (n === 0) return result;

  const m = result.metrics;
  m.accuracy = metricValue((tp + tn) / n);
  // Where sklearn warns and substitutes 0 (zero_division), we report null: a gate must not read
  // "precision 0" for a model that simply predicted no positives at this threshold.
  m.precision = tp + fp === 0 ? undefinedMetric(`no row has a score >= ${threshold}, so there are no positive predictions`) : metricValue(tp / (tp + fp));
  m.recall = positives === 0 ? undefinedMetric("no positive rows in the labels") : metricValue(tp / (tp + fn));
  m.f1 = f1Score(tp, fp, fn, m.precision, m.recall);

  // Per-row terms are summed as they are computed, in row order as numpy sums them, never stored.
  let row = 0;
  const logLossTerm = () => {
    // log_loss turns the score into [1 − q, q], clips, then renormalises by the row sum (sklearn 1.2).
    const q = Math.min(Math.max(s[row], FLOAT64_EPS), 1 - FLOAT64_EPS);
    const complement = 1 - q;
    const rowSum = complement + q;
    return -Math.log((y[row++] === 1 ? q : complement) / rowSum);
  };
  m.log_loss = metricValue(pairwiseSumOf(n, logLossTerm) / n);

  const outOfRange = "some scores are outside [0, 1], so they are not probabilities";
  if (inUnitInterval) {
    row = 0;
    const brierTerm = () => {
      const term = (y[row] - s[row]) ** 2;
      row++;
      return term;
    };
    m.brier = metricValue(pairwiseSumOf(n, brierTerm) / n);
    result.calibration = { value: calibrationCurve(s, y, calibrationBins) };
    const [negative, positive] = groupedHistograms(s, y, 2, histogramBins, [0, 1]);
    result.scoreHistogram = { value: { negative, positive } };
  } else {
    m.brier = undefinedMetric(outOfRange);
    result.calibration = { value: null, reason: outOfRange };
    result.scoreHistogram = { value: null, reason: outOfRange };
  }

  // sklearn raises for ROC AUC with one class. Average precision is defined (1.0) when every label is
  // positive, as sklearn computes it; with no positive at all it is meaningless and reported undefined.
  if (positives === 0) {
    const reason = "only one class (negative) is present in the labels";
    m.roc_auc = undefinedMetric(reason);
    m.average_precision = undefinedMetric(reason);
    result.roc = { value: null, reason };
    result.pr = { value: null, reason };
    return result;
  }
  // Everything that depends on the row order is done: the scores can now be reordered in place.
  const byClass = sortByClassInPlace(s, y);
  const pr = precisionRecallSummary(byClass, countClfCurvePoints(byClass), maxCurvePoints);
  m.average_precision = metricValue(pr.averagePrecision);
  result.pr = { value: pr.curve };
  if (negatives === 0) {
    const reason = "only one class (positive) is present in the labels";
    m.roc_auc = undefinedMetric(reason);
    result.roc = { value: null, reason };
  } else {
    const roc = rocSummary(byClass, maxCurvePoints);
    m.roc_auc = metricValue(roc.auc);
    result.roc = { value: roc.curve };
  }
  return result;
}

/**
 * sklearn's fbeta formula, (1 + β²)·P·R / (β²·P + R) with β = 1 and an ill-defined precision taken
 * as 0 (zero_division). F1 is undefined only when there are neither positive labels nor positive
 * predictions, the one case where sklearn warns that F-score is ill-defined.
 */
function f1Score(tp: number, fp: number, fn: number, precision: TMetricValue, recall: TMetricValue): TMetricValue {
  if (tp + fp + fn === 0) return undefinedMetric("no positive rows and no positive predictions");
  const p = precision.value ?? 0;
  const r = recall.value ?? 0;
  const denominator = p + r;
  return metricValue(denominator === 0 ? 0 : (2 * p * r) / denominator);
}
