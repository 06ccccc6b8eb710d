import { describe, expect, it } from "vitest";
import { createRegressionAccumulator } from "@/lib/metrics/regression-accumulator";
import { regressionMetrics } from "@/lib/metrics/regression-metrics";
import { REGRESSION_METRIC_KEYS, type TMetricValue } from "@/lib/metrics/types";
import { continuousRegression, randomRegression } from "@/test/fixtures/metrics/datasets";

/*
 * Expected values from test/fixtures/metrics/make-reference.py, scikit-learn 1.2.1 / numpy 1.24.2
 * (Debian python3-sklearn), nz = targets != 0:
 *   mean_squared_error(t, p, squared=False); mean_absolute_error(t, p); r2_score(t, p)
 *   mean_absolute_percentage_error(t[nz], p[nz])   — sklearn itself would not drop zero targets
 */
const RELATIVE = 1e-9;

function expectMetric(actual: TMetricValue, expected: number | null) {
  if (expected === null) {
    expect(actual.value).toBeNull();
    expect(actual.reason).toMatch(/\w/);
    return;
  }
  expect(actual.value).not.toBeNull();
  expect(Math.abs((actual.value as number) - expected)).toBeLessThanOrEqual(RELATIVE * Math.abs(expected));
}

describe("regression metrics against scikit-learn 1.2.1", () => {
  it("matches with integer targets, 50 of them zero and left out of MAPE (1,000 rows)", () => {
    const { predictions, targets } = randomRegression(1000, 31);
    const result = regressionMetrics(predictions, targets);
    const expected = { rmse: 0.8713992334602075, mae: 0.7547418141555973, r2: 0.9769426896919622, mape: 0.23013010337106973 };
    for (const key of REGRESSION_METRIC_KEYS) expectMetric(result.metrics[key], expected[key]);
    expect(result.mapeExcludedRows).toBe(50);
  });

  it("matches every metric on 5,000 continuous rows to 1e-9 relative", () => {
    const { predictions, targets } = continuousRegression(5000, 32);
    const result = regressionMetrics(predictions, targets);
    const expected = { rmse: 67.39086051178866, mae: 50.71662064897682, r2: 0.9459231361161631, mape: 0.10125079712331297 };
    for (const key of REGRESSION_METRIC_KEYS) expectMetric(result.metrics[key], expected[key]);
    expect(result.mapeExcludedRows).toBe(0);
    const histogram = result.residualHistogram.value!;
    expect(histogram.counts).toHaveLength(30);
    expect(histogram.counts.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(result.predictedVsActual.actual).toHaveLength(500);
    expect(result.predictedVsActual.actual[0]).toBe(targets[0]);
    expect(result.predictedVsActual.predicted.at(-1)).toBe(predictions[4999]);
  });

  it("returns r2 null for constant targets (sklearn forces 0.0) and still computes the rest", () => {
    const { predictions } = randomRegression(50, 33);
    const result = regressionMetrics(predictions, predictions.map(() => 3));
    expectMetric(result.metrics.r2, null);
    expect(result.metrics.r2.reason).toMatch(/equal/);
    expectMetric(result.metrics.rmse, 5.68217058810676);
    expectMetric(result.metrics.mae, 5.044061520025134);
    expectMetric(result.metrics.mape, 1.6813538400083783);
  });

  it("returns MAPE null when every target is zero, and r2 null for a single row", () => {
    const zeros = regressionMetrics([1, 2, 3], [0, 0, 0]);
    expect(zeros.metrics.mape.value).toBeNull();
    expect(zeros.mapeExcludedRows).toBe(3);
    expect(zeros.metrics.mae.value).toBe(2);
    const single = regressionMetrics([1], [2]);
    expect(single.metrics.r2.value).toBeNull();
    expect(single.metrics.rmse.value).toBe(1);
    expect(single.residualHistogram.value!.counts.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("returns null metrics for no rows", () => {
    const result = regressionMetrics([], []);
    for (const key of REGRESSION_METRIC_KEYS) expect(result.metrics[key]).toEqual({ value: null, reason: "no rows" });
    expect(result.predictedVsActual).toEqual({ actual: [], predicted: [] });
  });

  it("gives identical results for one batch and several Float32/Float64 batches of float32-exact values", () => {
    const { predictions, targets } = randomRegression(1000, 31);
    const p32 = Float32Array.from(predictions);
    const once = regressionMetrics(p32, targets);
    const accumulator = createRegressionAccumulator();
    for (const [from, to] of [[0, 1], [1, 129], [129, 1000]]) accumulator.add(p32.subarray(from, to), Float64Array.from(targets.slice(from, to)));
    expect(accumulator.finish()).toEqual(once);
    expect(JSON.parse(JSON.stringify(once))).toEqual(once);
  });

  it("rejects non-finite values", () => {
    expect(() => regressionMetrics([1, Number.POSITIVE_INFINITY], [1, 2])).toThrow(/finite/);
    expect(() => regressionMetrics([1, 2], [1, Number.NaN])).toThrow(/targets/);
  });
});
