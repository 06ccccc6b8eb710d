import { describe, expect, it } from "vitest";
import { binaryMetrics } from "@/lib/metrics/binary-metrics";
import { evenlySpacedIndices } from "@/lib/metrics/downsample";
import { createBinaryAccumulator } from "@/lib/metrics/binary-accumulator";
import { BINARY_METRIC_KEYS, type TMetricValue } from "@/lib/metrics/types";
import { randomBinary, tiedBinary } from "@/test/fixtures/metrics/datasets";

/*
 * Expected values come from test/fixtures/metrics/make-reference.py run with Debian's python3-sklearn:
 * scikit-learn 1.2.1, numpy 1.24.2 (/usr/bin/python3). For a threshold t, with pred = (score >= t):
 *   accuracy_score(y, pred); precision_score / recall_score / f1_score(y, pred, zero_division=0)
 *   log_loss(y, score, labels=[0, 1]); brier_score_loss(y, score, pos_label=1)
 *   roc_auc_score(y, score); average_precision_score(y, score); confusion_matrix(y, pred, labels=[0, 1])
 * sklearn returns 0 with a warning where these tests expect null (precision without positive
 * predictions, recall without positive labels); its 0 is kept in the literals for the record.
 */
type TExpected = Record<(typeof BINARY_METRIC_KEYS)[number], number | null> & { confusion_matrix: number[][] };

const RELATIVE = 1e-9;

function expectMetric(actual: TMetricValue, expected: number | null) {
  if (expected === null) {
    expect(actual.value).toBeNull();
    expect(actual.reason).toMatch(/\w/);
    return;
  }
  expect(actual.value).not.toBeNull();
  const tolerance = RELATIVE * Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs((actual.value as number) - expected)).toBeLessThanOrEqual(tolerance);
}

function expectAll(scores: number[], labels: number[], threshold: number, expected: TExpected) {
  const result = binaryMetrics(scores, labels, threshold);
  for (const key of BINARY_METRIC_KEYS) expectMetric(result.metrics[key], expected[key]);
  expect(result.confusionMatrix).toEqual(expected.confusion_matrix);
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  return result;
}

const AUC_TIED = { roc_auc: 0.6933232574679943, average_precision: 0.6787826516264595, log_loss: 2.351408816546042, brier: 0.24243333333333333 };

describe("binary metrics against scikit-learn 1.2.1", () => {
  const tied = tiedBinary();

  // tiedBinary(): 300 rows, scores on a 0.1 grid — every threshold is shared by ~27 rows.
  it.each([
    [0.5, { accuracy: 0.64, precision: 0.625, recall: 0.7236842105263158, f1: 0.6707317073170731, confusion_matrix: [[82, 66], [42, 110]] }],
    [0.3, { accuracy: 0.5933333333333334, precision: 0.5635593220338984, recall: 0.875, f1: 0.6855670103092784, confusion_matrix: [[45, 103], [19, 133]] }],
    [0.0, { accuracy: 0.5066666666666667, precision: 0.5066666666666667, recall: 1.0, f1: 0.6725663716814159, confusion_matrix: [[0, 148], [0, 152]] }],
    [1.0, { accuracy: 0.55, precision: 0.7931034482758621, recall: 0.1513157894736842, f1: 0.2541436464088398, confusion_matrix: [[142, 6], [129, 23]] }],
    // No score reaches 1.5: sklearn warns and reports precision 0.0; we report null. F1 is 0.0 in both.
    [1.5, { accuracy: 0.49333333333333335, precision: null, recall: 0.0, f1: 0.0, confusion_matrix: [[148, 0], [152, 0]] }],
  ] as const)("tied scores at threshold %s (score >= threshold is positive)", (threshold, expected) => {
    expectAll(tied.scores, tied.labels, threshold, { ...AUC_TIED, ...expected, confusion_matrix: expected.confusion_matrix.map((r) => [...r]) });
  });

  it("matches roc_curve(y, s) point for point on tied scores (thresholds[0] = max + 1 as in 1.2)", () => {
    const roc = binaryMetrics(tied.scores, tied.labels).roc.value!;
    expect(roc.fpr).toEqual([0.0, 0.04054054054054054, 0.08783783783783784, 0.14864864864864866, 0.24324324324324326, 0.3310810810810811, 0.44594594594594594, 0.5675675675675675, 0.6959459459459459, 0.8243243243243243, 0.8851351351351351, 1.0]);
    expect(roc.tpr).toEqual([0.0, 0.1513157894736842, 0.2894736842105263, 0.4407894736842105, 0.5263157894736842, 0.625, 0.7236842105263158, 0.8026315789473685, 0.875, 0.9210526315789473, 0.9407894736842105, 1.0]);
    expect(roc.thresholds).toEqual([2.0, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0]);
  });

  it("matches precision_recall_curve(y, s) on tied scores", () => {
    const pr = binaryMetrics(tied.scores, tied.labels).pr.value!;
    expect(pr.precision).toEqual([0.5066666666666667, 0.5218978102189781, 0.5343511450381679, 0.5635593220338984, 0.5922330097087378, 0.625, 0.6597222222222222, 0.6896551724137931, 0.7528089887640449, 0.7719298245614035, 0.7931034482758621, 1.0]);
    expect(pr.recall).toEqual([1.0, 0.9407894736842105, 0.9210526315789473, 0.875, 0.8026315789473685, 0.7236842105263158, 0.625, 0.5263157894736842, 0.4407894736842105, 0.2894736842105263, 0.1513157894736842, 0.0]);
    expect(pr.thresholds).toEqual([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]);
  });

  it("matches calibration_curve(y, s, n_bins=10, strategy='uniform') on tied scores (edge values go to the lower bin)", () => {
    const calibration = binaryMetrics(tied.scores, tied.labels).calibration.value!;
    expect(calibration.fractionPositive).toEqual([0.3157894736842105, 0.2692307692307692, 0.36666666666666664, 0.4, 0.46875, 0.5357142857142857, 0.48148148148148145, 0.71875, 0.75, 0.7931034482758621]);
    expect(calibration.meanPredicted).toEqual([0.031578947368421054, 0.20000000000000007, 0.3, 0.4000000000000002, 0.5, 0.5999999999999999, 0.6999999999999997, 0.8000000000000004, 0.8999999999999996, 1.0]);
    expect(calibration.counts.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it("matches roc_curve and precision_recall_curve on a small continuous case (randomBinary(60, 5))", () => {
    const { scores, labels } = randomBinary(60, 5);
    const result = binaryMetrics(scores, labels);
    const roc = result.roc.value!;
    expect(roc.fpr).toEqual([0.0, 0.03125, 0.03125, 0.0625, 0.0625, 0.09375, 0.09375, 0.125, 0.125, 0.15625, 0.15625, 0.1875, 0.1875, 0.21875, 0.21875, 0.28125, 0.28125, 0.40625, 0.40625, 0.5, 0.5, 0.71875, 0.71875, 0.84375, 0.84375, 1.0]);
    expect(roc.tpr).toEqual([0.0, 0.0, 0.21428571428571427, 0.21428571428571427, 0.35714285714285715, 0.35714285714285715, 0.5, 0.5, 0.6428571428571429, 0.6428571428571429, 0.6785714285714286, 0.6785714285714286, 0.75, 0.75, 0.8214285714285714, 0.8214285714285714, 0.8571428571428571, 0.8571428571428571, 0.8928571428571429, 0.8928571428571429, 0.9285714285714286, 0.9285714285714286, 0.9642857142857143, 0.9642857142857143, 1.0, 1.0]);
    expect(roc.thresholds).toEqual([2.0, 1.0, 0.9338206532411277, 0.9179481905885041, 0.829889100510627, 0.7941728220321238, 0.7164086597040296, 0.6846203319728374, 0.5859767557121813, 0.5703810821287334, 0.5678574927151203, 0.5675507881678641, 0.49891109159216285, 0.4981351485475898, 0.46883408864960074, 0.39329620311036706, 0.34720723051577806, 0.244544280692935, 0.20519660646095872, 0.1874007135629654, 0.18103834986686707, 0.12797302938997746, 0.1018926864489913, 0.0810407716780901, 0.08015794632956386, 0.0]);
    const pr = result.pr.value!;
    // 60 distinct scores: 61 points, 60 thresholds; spot-check both ends against sklearn's arrays.
    expect(pr.precision).toHaveLength(61);
    expect(pr.thresholds).toHaveLength(60);
    expect(pr.precision.slice(0, 6)).toEqual([0.4666666666666667, 0.4745762711864407, 0.4827586206896552, 0.49122807017543857, 0.5, 0.509090909090909]);
    expect(pr.precision.slice(-6)).toEqual([0.8, 0.75, 0.6666666666666666, 0.5, 0.0, 1.0]);
    expect(pr.recall.slice(-4)).toEqual([0.07142857142857142, 0.03571428571428571, 0.0, 0.0]);
    expect(pr.thresholds.slice(0, 4)).toEqual([0.0, 0.002502476330846548, 0.04222726123407483, 0.05135376937687397]);
  });

  it("matches every scalar metric on 5,000 random rows to 1e-9 relative", () => {
    const { scores, labels } = randomBinary();
    const result = expectAll(scores, labels, 0.5, {
      accuracy: 0.6916, precision: 0.6819620253164557, recall: 0.7002437043054427, f1: 0.6909819639278557,
      log_loss: 0.6411410174785773, brier: 0.20347403356350038, roc_auc: 0.759952539434711, average_precision: 0.7358155143841014,
      confusion_matrix: [[1734, 804], [738, 1724]],
    });
    expect(result.calibration.value!.fractionPositive).toEqual([0.13592233009708737, 0.20710059171597633, 0.2751677852348993, 0.40081799591002043, 0.47470817120622566, 0.5365384615384615, 0.602020202020202, 0.689108910891089, 0.7237903225806451, 0.859375]);
    const meanPredicted = [0.05029673006168558, 0.15150180183666992, 0.250867046216832, 0.3475469591920712, 0.45267148381588324, 0.5505057415208564, 0.6485550733142053, 0.750447417613082, 0.8502731100597885, 0.9507146029518481];
    result.calibration.value!.meanPredicted.forEach((v, i) => expectMetric({ value: v }, meanPredicted[i]));
    // np.histogram(s[y == 1], bins=20, range=(0, 1))
    expect(result.scoreHistogram.value!.positive.counts).toEqual([32, 38, 57, 48, 65, 58, 91, 105, 105, 139, 134, 145, 152, 146, 161, 187, 182, 177, 214, 226]);
    expect(result.scoreHistogram.value!.negative.counts.reduce((a, b) => a + b, 0)).toBe(2538);
    // 5,000 distinct scores: the charts are downsampled, the scalars above used the full curves.
    expect(result.roc.value!.fpr.length).toBeLessThanOrEqual(200);
    expect(result.pr.value!.precision.length).toBeLessThanOrEqual(200);
    expect(result.pr.value!.thresholds.length).toBe(result.pr.value!.precision.length - 1);
    expect(result.roc.value!.fpr[0]).toBe(0);
    expect(result.roc.value!.tpr.at(-1)).toBe(1);
  });

  const y = [0, 0, 1, 1, 0, 1, 0, 1];
  const perfect = [0.1, 0.2, 0.8, 0.9, 0.3, 0.7, 0.05, 0.95];

  it("handles perfect scores", () => {
    expectAll(perfect, y, 0.5, {
      accuracy: 1, precision: 1, recall: 1, f1: 1, log_loss: 0.18411807632457977, brier: 0.035625000000000004, roc_auc: 1, average_precision: 1,
      confusion_matrix: [[4, 0], [0, 4]],
    });
  });

  it("handles inverted scores (1 − perfect, computed as numpy does)", () => {
    expectAll(perfect.map((s) => 1 - s), y, 0.5, {
      // sklearn: precision 0.0 from 0/4 — defined, since there are positive predictions.
      accuracy: 0, precision: 0, recall: 0, f1: 0, log_loss: 2.027932020827018, brier: 0.7106250000000001, roc_auc: 0, average_precision: 0.3654761904761905,
      confusion_matrix: [[0, 4], [4, 0]],
    });
  });

  it("returns null with a reason for AUC and AP when only negatives are present", () => {
    // sklearn: roc_auc_score raises; recall_score warns (0.0); f1 0.0 (predictions exist).
    const result = expectAll([0.1, 0.6, 0.4, 0.9], [0, 0, 0, 0], 0.5, {
      accuracy: 0.5, precision: 0, recall: null, f1: 0, log_loss: 0.9587654910730045, brier: 0.335, roc_auc: null, average_precision: null,
      confusion_matrix: [[2, 2], [0, 0]],
    });
    expect(result.metrics.roc_auc.reason).toMatch(/only one class/);
    expect(result.roc.value).toBeNull();
    expect(result.pr.value).toBeNull();
  });

  it("returns null for AUC, and sklearn's 1.0 for AP, when only positives are present", () => {
    // sklearn 1.2.1: roc_auc_score raises; average_precision_score([1,1,1,1], [0.1,0.6,0.4,0.9]) == 1.0.
    expectAll([0.1, 0.6, 0.4, 0.9], [1, 1, 1, 1], 0.5, {
      accuracy: 0.5, precision: 1, recall: 0.5, f1: 0.6666666666666666, log_loss: 0.9587654910730045, brier: 0.335, roc_auc: null, average_precision: 1,
      confusion_matrix: [[0, 0], [2, 2]],
    });
  });

  it("returns F1 null only when there are neither positive labels nor positive predictions", () => {
    const result = binaryMetrics([0.1, 0.2], [0, 0], 0.5);
    expect(result.metrics.precision.value).toBeNull();
    expect(result.metrics.recall.value).toBeNull();
    expect(result.metrics.f1.value).toBeNull();
    expect(result.metrics.accuracy.value).toBe(1);
  });

  it("returns null metrics and no curves for an empty dataset", () => {
    const result = binaryMetrics([], []);
    for (const key of BINARY_METRIC_KEYS) expect(result.metrics[key]).toEqual({ value: null, reason: "no rows" });
    expect(result.confusionMatrix).toEqual([[0, 0], [0, 0]]);
  });

  it("computes rank metrics but no brier, calibration or histogram for scores outside [0, 1]", () => {
    const result = binaryMetrics([-2, 0.5, 3, 1.5], [0, 1, 1, 0]);
    expect(result.metrics.roc_auc.value).toBe(0.75);
    expect(result.metrics.brier.value).toBeNull();
    expect(result.calibration.value).toBeNull();
    expect(result.scoreHistogram.value).toBeNull();
  });

  it("rejects bad input instead of returning plausible numbers", () => {
    expect(() => binaryMetrics([0.1, Number.NaN], [0, 1])).toThrow(/finite/);
    expect(() => binaryMetrics([0.1, 0.2], [0, 2])).toThrow(/label/);
    expect(() => binaryMetrics([0.1], [0, 1])).toThrow(/expected/);
    expect(() => binaryMetrics([0.1], [1], Number.NaN)).toThrow(/threshold/);
  });
});

describe("binary accumulator", () => {
  it("gives identical results for one batch and for uneven float64 batches", () => {
    const { scores, labels } = randomBinary();
    const once = binaryMetrics(scores, labels, 0.42);
    const accumulator = createBinaryAccumulator();
    const cuts = [0, 1, 8, 1000, 1001, 3333, 5000];
    for (let i = 0; i + 1 < cuts.length; i++) {
      accumulator.add(Float64Array.from(scores.slice(cuts[i], cuts[i + 1])), Uint8Array.from(labels.slice(cuts[i], cuts[i + 1])));
    }
    expect(accumulator.rowCount).toBe(5000);
    expect(accumulator.finish(0.42)).toEqual(once);
  });

  it("keeps float32 batches as float32 and widens the store exactly when a score needs float64", () => {
    const { scores, labels } = randomBinary(3000, 13);
    const narrow = Array.from(Float32Array.from(scores));
    // The first 2,000 rows arrive as onnxruntime's float32; the rest as doubles float32 cannot hold.
    const mixed = [...narrow.slice(0, 2000), ...scores.slice(2000)];
    const accumulator = createBinaryAccumulator({ expectedRows: 3000 });
    accumulator.add(Float32Array.from(mixed.slice(0, 1000)), Uint8Array.from(labels.slice(0, 1000)));
    accumulator.add(mixed.slice(1000, 2000), labels.slice(1000, 2000));
    accumulator.add(Float64Array.from(mixed.slice(2000)), Uint8Array.from(labels.slice(2000)));
    expect(accumulator.finish(0.5)).toEqual(binaryMetrics(mixed, labels, 0.5));
  });

  it("sorts in place at finish, so it finishes once and takes no rows afterwards", () => {
    const accumulator = createBinaryAccumulator();
    accumulator.add([0.9, 0.1, 0.4], [1, 0, 1]);
    expect(() => accumulator.finish(Number.NaN)).toThrow(/threshold/);
    expect(accumulator.finish().metrics.roc_auc.value).toBe(1);
    expect(() => accumulator.finish()).toThrow(/already finished/);
    expect(() => accumulator.add([0.5], [1])).toThrow(/already finished/);
  });

  it("downsamples the charts to points of the full curves, first and last kept, thresholds aligned", () => {
    const { scores, labels } = randomBinary(2000, 3);
    const full = binaryMetrics(scores, labels, 0.5, { maxCurvePoints: 1e9 });
    const small = binaryMetrics(scores, labels, 0.5, { maxCurvePoints: 7 });
    expect(small.metrics).toEqual(full.metrics);
    const roc = full.roc.value!;
    const rocPicks = evenlySpacedIndices(roc.fpr.length, 7);
    expect(small.roc.value).toEqual({ fpr: rocPicks.map((i) => roc.fpr[i]), tpr: rocPicks.map((i) => roc.tpr[i]), thresholds: rocPicks.map((i) => roc.thresholds[i]) });
    const pr = full.pr.value!;
    const prPicks = evenlySpacedIndices(pr.precision.length, 7);
    expect(small.pr.value).toEqual({
      precision: prPicks.map((i) => pr.precision[i]),
      recall: prPicks.map((i) => pr.recall[i]),
      thresholds: prPicks.slice(0, -1).map((i) => pr.thresholds[i]),
    });
    expect(pr.thresholds).toHaveLength(pr.precision.length - 1);
  });

  it("accepts Float32Array batches from onnxruntime, widening them exactly", () => {
    const scores = Float32Array.from([0.1, 0.7, 0.3, 0.9]);
    const accumulator = createBinaryAccumulator();
    accumulator.add(scores, Uint8Array.from([0, 1, 0, 1]));
    const result = accumulator.finish();
    expect(result.metrics.roc_auc.value).toBe(1);
    expect(result.roc.value!.thresholds[1]).toBe(scores[3]);
  });
});
