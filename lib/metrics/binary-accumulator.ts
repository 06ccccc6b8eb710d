import { binaryClfCurve } from "@/lib/metrics/binary-clf-curve";
import { calibrationCurve } from "@/lib/metrics/calibration";
import { evenlySpacedIndices, pickIndices } from "@/lib/metrics/downsample";
import { GrowableArray } from "@/lib/metrics/growable-array";
import { histogram } from "@/lib/metrics/histogram";
import { metricValue, undefinedMetric } from "@/lib/metrics/metric-value";
import { averagePrecision, precisionRecallCurve } from "@/lib/metrics/precision-recall";
import { rocAuc, rocCurve } from "@/lib/metrics/roc";
import { pairwiseSum } from "@/lib/metrics/summation";
import type { TBinaryMetrics, TMetricValue } from "@/lib/metrics/types";
import { validateBatch } from "@/lib/metrics/validate-batch";

/** np.finfo(np.float64).eps: sklearn ≥ 1.2 log_loss(eps="auto") clips float64 probabilities to [eps, 1 − eps]. */
const FLOAT64_EPS = 2 ** -52;

export type TBinaryFinishOptions = { maxCurvePoints?: number; calibrationBins?: number; histogramBins?: number };

export type TBinaryAccumulator = {
  readonly rowCount: number;
  /** scores: probability of the positive class per row (any finite score is accepted; see brier); labels: 0 or 1. */
  add(scores: ArrayLike<number>, labels: ArrayLike<number>): void;
  /** Rows with score >= threshold are predicted positive, the convention of sklearn's roc_curve thresholds. */
  finish(threshold?: number, options?: TBinaryFinishOptions): TBinaryMetrics;
};

/**
 * Accumulates binary-classification predictions batch by batch (scores as float64, labels as bytes)
 * and computes every metric exactly at finish(), with one O(n log n) sort. Feeding the same rows in
 * any batching gives identical results, because the stored arrays are identical.
 */
export function createBinaryAccumulator(): TBinaryAccumulator {
  const scores = new GrowableArray(Float64Array);
  const labels = new GrowableArray(Uint8Array);
  return {
    get rowCount() {
      return labels.length;
    },
    add(batchScores, batchLabels) {
      validateBatch(batchScores, 1, batchLabels, (l) => l === 0 || l === 1, { values: "scores", labels: "labels" });
      scores.append(batchScores);
      labels.append(batchLabels);
    },
    finish(threshold = 0.5, options = {}) {
      if (!Number.isFinite(threshold)) throw new RangeError("threshold must be a finite number");
      return computeBinaryMetrics(scores.view(), labels.view(), threshold, options);
    },
  };
}

function computeBinaryMetrics(s: Float64Array, y: Uint8Array, threshold: number, options: TBinaryFinishOptions): TBinaryMetrics {
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

  const terms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // log_loss turns the score into [1 − q, q], clips, then renormalises by the row sum (sklearn 1.2).
    const q = Math.min(Math.max(s[i], FLOAT64_EPS), 1 - FLOAT64_EPS);
    const complement = 1 - q;
    const rowSum = complement + q;
    terms[i] = -Math.log((y[i] === 1 ? q : complement) / rowSum);
  }
  m.log_loss = metricValue(pairwiseSum(terms) / n);

  const outOfRange = "some scores are outside [0, 1], so they are not probabilities";
  if (inUnitInterval) {
    for (let i = 0; i < n; i++) terms[i] = (y[i] - s[i]) ** 2;
    m.brier = metricValue(pairwiseSum(terms) / n);
    result.calibration = { value: calibrationCurve(s, y, calibrationBins) };
    result.scoreHistogram = {
      value: {
        negative: histogram(s, histogramBins, [0, 1], (i) => y[i] === 0),
        positive: histogram(s, histogramBins, [0, 1], (i) => y[i] === 1),
      },
    };
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
  const clf = binaryClfCurve(s, y);
  const pr = precisionRecallCurve(clf);
  m.average_precision = metricValue(averagePrecision(pr));
  if (negatives === 0) {
    const reason = "only one class (positive) is present in the labels";
    m.roc_auc = undefinedMetric(reason);
    result.roc = { value: null, reason };
  } else {
    const roc = rocCurve(clf);
    m.roc_auc = metricValue(rocAuc(roc));
    const rocIndices = evenlySpacedIndices(roc.fpr.length, maxCurvePoints);
    result.roc = { value: { fpr: pickIndices(rocIndices, roc.fpr), tpr: pickIndices(rocIndices, roc.tpr), thresholds: pickIndices(rocIndices, roc.thresholds) } };
  }
  // PR has one threshold fewer than points (the final recall-0 point); keep the pairs aligned.
  const prIndices = evenlySpacedIndices(pr.precision.length, maxCurvePoints);
  result.pr = {
    value: {
      precision: pickIndices(prIndices, pr.precision),
      recall: pickIndices(prIndices, pr.recall),
      thresholds: pickIndices(prIndices.slice(0, -1), pr.thresholds),
    },
  };
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
