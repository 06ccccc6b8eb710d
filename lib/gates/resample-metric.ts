import type { TPredictions, TScoreArray } from "@/lib/evaluation/predictions-file";
import { binaryMetrics } from "@/lib/metrics/binary-metrics";
import { countClfCurvePoints, type TScoresByClass } from "@/lib/metrics/binary-clf-curve";
import { multiclassMetrics } from "@/lib/metrics/multiclass-metrics";
import { precisionRecallSummary } from "@/lib/metrics/precision-recall";
import { regressionMetrics } from "@/lib/metrics/regression-metrics";
import { rocSummary } from "@/lib/metrics/roc";
import { BINARY_METRIC_KEYS, MULTICLASS_METRIC_KEYS, REGRESSION_METRIC_KEYS, type TMetricValue } from "@/lib/metrics/types";

/**
 * One metric of one evaluation on a bootstrap resample. `counts[i]` is how many times row i was
 * drawn (they sum to the row count). Returns null where the metric is undefined on the resample (ROC
 * AUC of a resample without a positive row, R² of constant targets).
 */
export type TResampleMetric = (counts: Uint32Array) => number | null;

const METRICS = { binary: BINARY_METRIC_KEYS, multiclass: MULTICLASS_METRIC_KEYS, regression: REGRESSION_METRIC_KEYS } as const;

export function metricAppliesTo(p: TPredictions, metric: string): boolean {
  return (METRICS[p.task] as readonly string[]).includes(metric);
}

/**
 * Builds the resampled arrays and hands them to the same lib/metrics code that computed the stored
 * metrics, so a resample with every count 1 gives the stored value. Arrays are allocated once and
 * refilled per resample.
 *
 * ROC AUC and average precision take the fast path: the rows are ordered once by class then score,
 * so a resample is written out already split by class and sorted, which is exactly what the ranking
 * code reads after its own sort (lib/metrics/binary-clf-curve.ts): O(n) per resample instead of a
 * sort and every other binary metric.
 */
export function resampleMetric(p: TPredictions, metric: string): TResampleMetric {
  if (!metricAppliesTo(p, metric)) throw new RangeError(`'${metric}' is not a ${p.task} metric`);
  if (p.task === "binary") return binaryResample(p, metric);
  if (p.task === "multiclass") return multiclassResample(p, metric);
  return regressionResample(p, metric);
}

function valueOf(m: TMetricValue): number | null {
  return m.value;
}

function binaryResample(p: TPredictions, metric: string): TResampleMetric {
  const n = p.rows;
  const { order, positives } = classScoreOrder(p.scores, p.labels as Uint8Array);
  const scores: TScoreArray = p.scores instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  const labels = new Uint8Array(n);
  // Writes the resample positives first, then negatives, each in ascending score order; returns the
  // number of positive rows in it.
  const fill = (counts: Uint32Array): number => {
    let w = 0;
    let drawnPositives = 0;
    for (let j = 0; j < n; j++) {
      if (j === positives) drawnPositives = w;
      const i = order[j];
      let c = counts[i];
      if (c === 0) continue;
      const s = p.scores[i];
      const y = p.labels[i];
      while (c-- > 0) {
        scores[w] = s;
        labels[w++] = y;
      }
    }
    return positives === n ? w : drawnPositives;
  };
  const byClass = (drawnPositives: number): TScoresByClass => ({ positives: scores.subarray(0, drawnPositives), negatives: scores.subarray(drawnPositives) });
  // The chart curves are not wanted: 2 points is the least the summaries accept.
  if (metric === "roc_auc") {
    return (counts) => {
      const P = fill(counts);
      return P === 0 || P === n ? null : rocSummary(byClass(P), 2).auc;
    };
  }
  if (metric === "average_precision") {
    return (counts) => {
      const P = fill(counts);
      if (P === 0) return null;
      const split = byClass(P);
      return precisionRecallSummary(split, countClfCurvePoints(split), 2).averagePrecision;
    };
  }
  const key = metric as (typeof BINARY_METRIC_KEYS)[number];
  const threshold = p.threshold ?? 0.5;
  const options = { maxCurvePoints: 2, calibrationBins: 1, histogramBins: 1 };
  if (THRESHOLD_METRICS.has(metric)) {
    // These read a row only through the side of the threshold its score falls on: scored as 0 or 1
    // against 0.5, the rows give the same confusion matrix, and the ranking work binaryMetrics also
    // does (most of its cost) runs over two distinct scores.
    const sides = new Float32Array(n);
    return (counts) => {
      fill(counts);
      for (let i = 0; i < n; i++) sides[i] = scores[i] >= threshold ? 1 : 0;
      return valueOf(binaryMetrics(sides, labels, 0.5, options).metrics[key]);
    };
  }
  return (counts) => {
    fill(counts);
    return valueOf(binaryMetrics(scores, labels, threshold, options).metrics[key]);
  };
}

const THRESHOLD_METRICS = new Set(["accuracy", "precision", "recall", "f1"]);

// Row indices, positives first, each class by ascending score: the order the ranking metrics read.
function classScoreOrder(scores: TScoreArray, labels: Uint8Array): { order: Uint32Array; positives: number } {
  const n = labels.length;
  const order = new Uint32Array(n);
  let front = 0;
  let back = n;
  for (let i = 0; i < n; i++) {
    if (labels[i] === 1) order[front++] = i;
    else order[--back] = i;
  }
  const byScore = (a: number, b: number) => scores[a] - scores[b];
  order.subarray(0, front).sort(byScore);
  order.subarray(front).sort(byScore);
  return { order, positives: front };
}

function multiclassResample(p: TPredictions, metric: string): TResampleMetric {
  const n = p.rows;
  const k = p.scoresPerRow;
  const probabilities: TScoreArray = p.scores instanceof Float32Array ? new Float32Array(n * k) : new Float64Array(n * k);
  const labels = new Uint32Array(n);
  const key = metric as (typeof MULTICLASS_METRIC_KEYS)[number];
  return (counts) => {
    let w = 0;
    for (let i = 0; i < n; i++) {
      for (let c = counts[i]; c > 0; c--) {
        const from = i * k;
        const to = w * k;
        for (let j = 0; j < k; j++) probabilities[to + j] = p.scores[from + j];
        labels[w++] = p.labels[i];
      }
    }
    return valueOf(multiclassMetrics(probabilities, labels, k).metrics[key]);
  };
}

function regressionResample(p: TPredictions, metric: string): TResampleMetric {
  const n = p.rows;
  const predictions = new Float64Array(n);
  const targets = new Float64Array(n);
  const key = metric as (typeof REGRESSION_METRIC_KEYS)[number];
  return (counts) => {
    let w = 0;
    for (let i = 0; i < n; i++) {
      for (let c = counts[i]; c > 0; c--) {
        predictions[w] = p.scores[i];
        targets[w++] = p.labels[i];
      }
    }
    return valueOf(regressionMetrics(predictions, targets, { residualBins: 1, maxSamplePoints: 2 }).metrics[key]);
  };
}
