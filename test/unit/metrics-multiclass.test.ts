import { describe, expect, it } from "vitest";
import { createMulticlassAccumulator } from "@/lib/metrics/multiclass-accumulator";
import { multiclassMetrics } from "@/lib/metrics/multiclass-metrics";
import { MULTICLASS_METRIC_KEYS, type TMetricValue } from "@/lib/metrics/types";
import { randomMulticlass } from "@/test/fixtures/metrics/datasets";

/*
 * Expected values from test/fixtures/metrics/make-reference.py, scikit-learn 1.2.1 / numpy 1.24.2
 * (Debian python3-sklearn), with pred = probs.argmax(axis=1) and ks = list(range(k)):
 *   accuracy_score(y, pred)
 *   precision_recall_fscore_support(y, pred, labels=ks, average="macro" | "weighted", zero_division=0)
 *   log_loss(y, probs, labels=ks); confusion_matrix(y, pred, labels=ks)
 * In both datasets one class never occurs in y but is predicted; with labels=ks it counts in the macro
 * averages (precision 0, recall 0) and has weight 0 in the weighted ones.
 */
const RELATIVE = 1e-9;

function expectMetric(actual: TMetricValue, expected: number) {
  expect(actual.value).not.toBeNull();
  expect(Math.abs((actual.value as number) - expected)).toBeLessThanOrEqual(RELATIVE * Math.abs(expected));
}

describe("multiclass metrics against scikit-learn 1.2.1", () => {
  it("matches on 4 classes with class 3 absent from the labels (1,000 rows)", () => {
    const { probabilities, labels } = randomMulticlass(1000, 4, 3, 21);
    const result = multiclassMetrics(probabilities, labels, 4);
    const expected = {
      accuracy: 0.55, macro_precision: 0.5395852565188022, macro_recall: 0.41244326888210453, macro_f1: 0.4674489107208315,
      weighted_precision: 0.719889670240833, weighted_recall: 0.55, weighted_f1: 0.6234823555126104, log_loss: 1.3478912709408628,
    };
    for (const key of MULTICLASS_METRIC_KEYS) expectMetric(result.metrics[key], expected[key]);
    expect(result.confusionMatrix).toEqual([[196, 39, 38, 81], [38, 171, 34, 81], [33, 32, 183, 74], [0, 0, 0, 0]]);
    expect(result.perClass.support).toEqual([354, 324, 322, 0]);
    expect(result.perClass.recall[3]).toBe(0);
    expect(result.perClass.precision[3]).toBe(0);
  });

  it("matches on 9 classes (pairwise row sums in log_loss) with class 5 absent (2,000 rows)", () => {
    const { probabilities, labels } = randomMulticlass(2000, 9, 5, 22);
    const result = multiclassMetrics(probabilities, labels, 9);
    const expected = {
      accuracy: 0.5815, macro_precision: 0.5770296220370394, macro_recall: 0.5163160992039426, macro_f1: 0.5447325564778911,
      weighted_precision: 0.6501844185906577, weighted_recall: 0.5815, weighted_f1: 0.6136553595764652, log_loss: 2.010401643878262,
    };
    for (const key of MULTICLASS_METRIC_KEYS) expectMetric(result.metrics[key], expected[key]);
    expect(result.confusionMatrix[0]).toEqual([155, 15, 13, 13, 14, 24, 7, 8, 9]);
    expect(result.confusionMatrix[5]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(result.confusionMatrix[8]).toEqual([10, 8, 13, 15, 12, 23, 7, 17, 133]);
  });

  it("gives identical results for one batch and several flat Float64Array batches", () => {
    const { probabilities, labels } = randomMulticlass(1000, 4, 3, 21);
    const once = multiclassMetrics(probabilities, labels, 4);
    const accumulator = createMulticlassAccumulator(4);
    for (const [from, to] of [[0, 3], [3, 500], [500, 501], [501, 1000]]) {
      accumulator.add(Float64Array.from(probabilities.slice(from, to).flat()), Int32Array.from(labels.slice(from, to)));
    }
    expect(accumulator.rowCount).toBe(1000);
    expect(accumulator.finish()).toEqual(once);
  });

  it("takes the first maximum on tied probabilities, as np.argmax does, and clips zeros in log_loss", () => {
    const result = multiclassMetrics([[0.5, 0.5, 0], [0, 0, 1]], [1, 2], 3);
    expect(result.confusionMatrix).toEqual([[0, 0, 0], [1, 0, 0], [0, 0, 1]]);
    expect(result.metrics.accuracy.value).toBe(0.5);
    expect(Number.isFinite(result.metrics.log_loss.value)).toBe(true);
  });

  it("returns null metrics for no rows and rejects bad input", () => {
    const empty = createMulticlassAccumulator(3).finish();
    for (const key of MULTICLASS_METRIC_KEYS) expect(empty.metrics[key].value).toBeNull();
    expect(() => createMulticlassAccumulator(1)).toThrow(/two classes/);
    expect(() => multiclassMetrics([[0.5, 0.5]], [2], 2)).toThrow(/label/);
    expect(() => multiclassMetrics([0.5, 0.5, 0.1], [0], 2)).toThrow(/expected 2/);
  });
});
