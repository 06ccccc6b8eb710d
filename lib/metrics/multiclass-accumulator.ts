import { GrowableArray } from "@/lib/metrics/growable-array";
import { metricValue, undefinedMetric } from "@/lib/metrics/metric-value";
import { pairwiseSum } from "@/lib/metrics/summation";
import { MULTICLASS_METRIC_KEYS, type TMulticlassMetricKey, type TMulticlassMetrics, type TMetricValue } from "@/lib/metrics/types";
import { validateBatch } from "@/lib/metrics/validate-batch";

/** np.finfo(np.float64).eps: sklearn ≥ 1.2 log_loss(eps="auto") clips float64 probabilities to [eps, 1 − eps]. */
const FLOAT64_EPS = 2 ** -52;

export type TMulticlassAccumulator = {
  readonly rowCount: number;
  readonly classCount: number;
  /**
   * probabilities: row-major rows × classCount (one batch of onnxruntime output as it comes);
   * labels: the index of each row's true class in the model's class list.
   */
  add(probabilities: ArrayLike<number>, labels: ArrayLike<number>): void;
  finish(): TMulticlassMetrics;
};

/**
 * Accumulates multiclass predictions over the model's full class list. Per row it keeps only what the
 * metrics need — the confusion-matrix cell (predicted class = first arg-max, like np.argmax) and the
 * row's log-loss term — so memory is 8 bytes a row whatever the number of classes.
 *
 * Classes are always the model's full list (sklearn's `labels=range(k)`): a class absent from the
 * labels still counts in the macro averages with precision/recall/F1 of 0 (zero_division=0) and has
 * weight 0 in the weighted ones, and log_loss stays defined when some classes never occur.
 */
export function createMulticlassAccumulator(classCount: number): TMulticlassAccumulator {
  if (!Number.isInteger(classCount) || classCount < 2) throw new RangeError("a multiclass model needs at least two classes");
  const k = classCount;
  const confusion = new Float64Array(k * k);
  const lossTerms = new GrowableArray(Float64Array);
  const clipped = new Float64Array(k);
  return {
    get rowCount() {
      return lossTerms.length;
    },
    classCount: k,
    add(probabilities, labels) {
      validateBatch(probabilities, k, labels, (l) => Number.isInteger(l) && l >= 0 && l < k, { values: "probabilities", labels: "labels" });
      lossTerms.reserve(labels.length);
      for (let row = 0; row < labels.length; row++) {
        const base = row * k;
        let predicted = 0;
        for (let c = 0; c < k; c++) {
          const p = probabilities[base + c];
          if (p > probabilities[base + predicted]) predicted = c;
          clipped[c] = Math.min(Math.max(p, FLOAT64_EPS), 1 - FLOAT64_EPS);
        }
        const label = labels[row];
        confusion[label * k + predicted]++;
        // sklearn 1.2 log_loss: clip, renormalise each row by its (pairwise) sum, −log of the true class.
        lossTerms.push(-Math.log(clipped[label] / pairwiseSum(clipped)));
      }
    },
    finish() {
      return computeMulticlassMetrics(confusion, k, lossTerms.view());
    },
  };
}

function computeMulticlassMetrics(confusion: Float64Array, k: number, lossTerms: Float64Array): TMulticlassMetrics {
  const n = lossTerms.length;
  const confusionMatrix = Array.from({ length: k }, (_, t) => Array.from(confusion.subarray(t * k, (t + 1) * k)));
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  let correct = 0;
  for (let c = 0; c < k; c++) {
    const tp = confusion[c * k + c];
    let predicted = 0;
    let actual = 0;
    for (let o = 0; o < k; o++) {
      predicted += confusion[o * k + c];
      actual += confusion[c * k + o];
    }
    correct += tp;
    // precision_recall_fscore_support(zero_division=0): an empty denominator gives 0.
    const p = predicted === 0 ? 0 : tp / predicted;
    const r = actual === 0 ? 0 : tp / actual;
    const denominator = p + r;
    precision.push(p);
    recall.push(r);
    f1.push((2 * p * r) / (denominator === 0 ? 1 : denominator));
    support.push(actual);
  }
  const metrics = Object.fromEntries(MULTICLASS_METRIC_KEYS.map((key) => [key, undefinedMetric("no rows")])) as Record<TMulticlassMetricKey, TMetricValue>;
  const result: TMulticlassMetrics = { task: "multiclass", rowCount: n, classCount: k, metrics, perClass: { precision, recall, f1, support }, confusionMatrix };
  if (n === 0) return result;

  metrics.accuracy = metricValue(correct / n);
  metrics.macro_precision = metricValue(pairwiseSum(precision) / k);
  metrics.macro_recall = metricValue(pairwiseSum(recall) / k);
  metrics.macro_f1 = metricValue(pairwiseSum(f1) / k);
  // np.average(x, weights=support) = Σ x·w / Σ w, each sum pairwise.
  const totalSupport = pairwiseSum(support);
  const weighted = (values: number[]) => metricValue(pairwiseSum(values.map((v, c) => v * support[c])) / totalSupport);
  metrics.weighted_precision = weighted(precision);
  metrics.weighted_recall = weighted(recall);
  metrics.weighted_f1 = weighted(f1);
  metrics.log_loss = metricValue(pairwiseSum(lossTerms) / n);
  return result;
}
