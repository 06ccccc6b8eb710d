import { describe, expect, it } from "vitest";
import type { TPredictions } from "@/lib/evaluation/predictions-file";
import type { TEvaluationSummary } from "@/lib/evaluation/latest-evaluations";
import { nonRegressionItem } from "@/lib/gates/gate-report";
import { pairedBootstrap, percentile, type TBootstrapResult } from "@/lib/gates/paired-bootstrap";
import { defaultPolicy, parsePolicy } from "@/lib/gates/policy";
import { resampleMetric } from "@/lib/gates/resample-metric";
import { seededRandom } from "@/lib/gates/seeded-random";
import { binaryMetrics } from "@/lib/metrics/binary-metrics";
import { multiclassMetrics } from "@/lib/metrics/multiclass-metrics";
import { regressionMetrics } from "@/lib/metrics/regression-metrics";

// The paired bootstrap against a plain reference written here (gather the drawn rows, call
// lib/metrics, sort the differences), against hand computations, and its edge cases.

function gaussian(random: ReturnType<typeof seededRandom>): number {
  const u = (random.nextUint32() + 1) / 4294967297;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * random.nextUint32()) / 4294967296);
}

// Binary rows whose labels depend on a latent z; a model sees z through `noise`: less noise, better model.
function binary(n: number, noise: number, seed: string): TPredictions {
  const truth = seededRandom("truth");
  const random = seededRandom(seed);
  const scores = new Float32Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const z = gaussian(truth);
    labels[i] = truth.nextUint32() / 4294967296 < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
    scores[i] = 1 / (1 + Math.exp(-(z + noise * gaussian(random))));
  }
  return { version: 1, task: "binary", scoreType: "float32", scoresPerRow: 1, labelType: "uint8", classLabels: ["0", "1"], threshold: 0.5, rows: n, scores, labels };
}

function regression(predictions: number[], targets: number[]): TPredictions {
  return { version: 1, task: "regression", scoreType: "float64", scoresPerRow: 1, labelType: "float64", classLabels: [], threshold: null, rows: targets.length, scores: Float64Array.from(predictions), labels: Float64Array.from(targets) };
}

// The textbook procedure, one resample at a time, with the same draws as the implementation.
function referenceBootstrap(candidate: TPredictions, baseline: TPredictions, metric: (p: TPredictions, rows: number[]) => number | null, resamples: number, confidence: number, seed: string) {
  const random = seededRandom(seed);
  const n = candidate.rows;
  const differences: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const rows = Array.from({ length: n }, () => random.nextIndex(n));
    const c = metric(candidate, rows);
    const p = metric(baseline, rows);
    if (c !== null && p !== null) differences.push(c - p);
  }
  differences.sort((x, y) => x - y);
  // numpy.percentile, linear: the value at fractional rank (m − 1)·q.
  const at = (q: number) => {
    const h = (differences.length - 1) * q;
    const lo = Math.floor(h);
    return differences[lo] + (h - lo) * ((differences[lo + 1] ?? differences[lo]) - differences[lo]);
  };
  const alpha = 1 - confidence;
  return { low: at(alpha / 2), high: at(1 - alpha / 2), mean: differences.reduce((s, d) => s + d, 0) / differences.length };
}

const binaryMetric = (key: "roc_auc" | "average_precision" | "accuracy" | "f1" | "log_loss") => (p: TPredictions, rows: number[]) =>
  binaryMetrics(rows.map((i) => p.scores[i]), rows.map((i) => p.labels[i]), p.threshold ?? 0.5).metrics[key].value;
const regressionMetric = (key: "rmse" | "mae" | "r2") => (p: TPredictions, rows: number[]) =>
  regressionMetrics(rows.map((i) => p.scores[i]), rows.map((i) => p.labels[i])).metrics[key].value;

function interval(r: ReturnType<typeof pairedBootstrap>): TBootstrapResult {
  if ("unavailable" in r) throw new Error(`no interval: ${r.unavailable}`);
  return r;
}

describe("paired bootstrap", () => {
  const candidate = binary(400, 0.5, "candidate");
  const baseline = binary(400, 1.2, "baseline");

  it.each(["roc_auc", "average_precision", "accuracy", "f1", "log_loss"] as const)("matches the reference implementation on %s", (metric) => {
    const got = interval(pairedBootstrap(candidate, baseline, metric, { resamples: 200, confidence: 0.9, seed: "fixed" }));
    const want = referenceBootstrap(candidate, baseline, binaryMetric(metric), 200, 0.9, "fixed");
    expect(got.low).toBeCloseTo(want.low, 12);
    expect(got.high).toBeCloseTo(want.high, 12);
    expect(got.mean).toBeCloseTo(want.mean, 12);
    expect(got).toMatchObject({ metric, rows: 400, resamples: 200, confidence: 0.9 });
  });

  it("matches the reference implementation on a regression metric", () => {
    const targets = Array.from({ length: 300 }, (_, i) => Math.sin(i) * 10 + i / 10);
    const c = regression(targets.map((y, i) => y + Math.cos(i * 7)), targets);
    const b = regression(targets.map((y, i) => y + 1.5 * Math.cos(i * 3)), targets);
    const got = interval(pairedBootstrap(c, b, "rmse", { resamples: 300, confidence: 0.95, seed: "regression" }));
    const want = referenceBootstrap(c, b, regressionMetric("rmse"), 300, 0.95, "regression");
    expect(got.low).toBeCloseTo(want.low, 12);
    expect(got.high).toBeCloseTo(want.high, 12);
  });

  it("gives exactly [0, 0] for two identical models", () => {
    const r = interval(pairedBootstrap(candidate, { ...candidate }, "roc_auc", { resamples: 300, confidence: 0.95, seed: "same" }));
    expect([r.low, r.high, r.mean]).toEqual([0, 0, 0]);
  });

  it("puts a clearly better candidate's interval wholly above 0 (and a loss's wholly below)", () => {
    const auc = interval(pairedBootstrap(binary(2000, 0.3, "good"), binary(2000, 2, "poor"), "roc_auc", { resamples: 500, confidence: 0.95, seed: "better" }));
    expect(auc.low).toBeGreaterThan(0);
    expect(auc.low).toBeLessThan(auc.high);
    const loss = interval(pairedBootstrap(binary(2000, 0.3, "good"), binary(2000, 2, "poor"), "log_loss", { resamples: 500, confidence: 0.95, seed: "better" }));
    expect(loss.high).toBeLessThan(0);
  });

  it("agrees with a hand computation: a constant gap in absolute error gives that gap on every resample", () => {
    // Candidate off by 1 on every row, production by 3: MAE differs by exactly −2 whatever is drawn.
    const targets = [3, 1, 4, 1, 5, 9, 2, 6];
    const r = interval(pairedBootstrap(regression(targets.map((y) => y + 1), targets), regression(targets.map((y) => y - 3), targets), "mae", { resamples: 100, confidence: 0.95, seed: "hand" }));
    expect([r.low, r.high, r.mean]).toEqual([-2, -2, -2]);
  });

  it("interpolates percentiles as numpy.percentile does", () => {
    // np.percentile([1, 2, 3, 4], [2.5, 50, 97.5]) = [1.075, 2.5, 3.925]
    expect(percentile([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 12);
    expect(percentile([7], 0.975)).toBe(7);
  });

  it("is deterministic for a seed and moves with another", () => {
    const once = pairedBootstrap(candidate, baseline, "roc_auc", { resamples: 100, confidence: 0.95, seed: "a" });
    expect(pairedBootstrap(candidate, baseline, "roc_auc", { resamples: 100, confidence: 0.95, seed: "a" })).toEqual(once);
    expect(pairedBootstrap(candidate, baseline, "roc_auc", { resamples: 100, confidence: 0.95, seed: "b" })).not.toEqual(once);
  });

  it("refuses rows that do not pair, and a metric undefined on too many resamples", () => {
    const shorter = { ...baseline, rows: 399, scores: baseline.scores.subarray(0, 399), labels: baseline.labels.subarray(0, 399) };
    expect(pairedBootstrap(candidate, shorter, "roc_auc", { resamples: 100, confidence: 0.95, seed: "s" })).toEqual({ unavailable: "the two evaluations scored different numbers of rows (400 and 399)", reevaluate: [] });
    const flipped = { ...baseline, labels: baseline.labels.map((y) => 1 - y) };
    expect(pairedBootstrap(candidate, flipped, "roc_auc", { resamples: 100, confidence: 0.95, seed: "s" })).toMatchObject({ unavailable: expect.stringMatching(/read different labels \(first at row 1\)/) });
    expect(pairedBootstrap(candidate, baseline, "rmse", { resamples: 100, confidence: 0.95, seed: "s" })).toMatchObject({ unavailable: "'rmse' is not a binary metric" });
    // One positive in 30 rows: about a third of the resamples draw none, where ROC AUC is undefined.
    const rare = (noise: number, seed: string) => {
      const p = binary(30, noise, seed);
      return { ...p, labels: Uint8Array.from({ length: 30 }, (_, i) => (i === 0 ? 1 : 0)) };
    };
    expect(pairedBootstrap(rare(0.5, "x"), rare(1, "y"), "roc_auc", { resamples: 200, confidence: 0.95, seed: "s" })).toMatchObject({ unavailable: expect.stringMatching(/^roc_auc is undefined on \d+ of 200 resamples/) });
  });
});

describe("resampled metrics", () => {
  const ones = (n: number) => new Uint32Array(n).fill(1);

  it("give the stored metric when every row is drawn once", () => {
    const p = binary(500, 0.7, "identity");
    const full = binaryMetrics(p.scores, p.labels, 0.5).metrics;
    for (const metric of ["roc_auc", "average_precision", "accuracy", "precision", "recall", "f1"] as const) {
      expect(resampleMetric(p, metric)(ones(500)), metric).toBe(full[metric].value);
    }
    // Means of per-row terms: the resample lists rows by class and score, so sums run in another order.
    for (const metric of ["log_loss", "brier"] as const) expect(resampleMetric(p, metric)(ones(500)), metric).toBeCloseTo(full[metric].value!, 14);
    const k = 3;
    const random = seededRandom("multiclass");
    const probabilities = Float32Array.from({ length: 200 * k }, () => random.nextUint32() / 4294967296);
    const labels = Uint8Array.from({ length: 200 }, (_, i) => i % k);
    const m: TPredictions = { version: 1, task: "multiclass", scoreType: "float32", scoresPerRow: k, labelType: "uint8", classLabels: ["a", "b", "c"], threshold: null, rows: 200, scores: probabilities, labels };
    const multi = multiclassMetrics(probabilities, labels, k).metrics;
    for (const metric of ["accuracy", "macro_f1", "weighted_f1", "log_loss"] as const) expect(resampleMetric(m, metric)(ones(200)), metric).toBe(multi[metric].value);
  });
});

describe("non-regression with a bootstrap", () => {
  const evaluation = (metrics: Record<string, number>): TEvaluationSummary => ({
    id: "e", finishedAt: null, curves: null, profile: null, datasetName: "holdout",
    metrics: { task: "binary", rowCount: 100, metrics: Object.fromEntries(Object.entries(metrics).map(([k, value]) => [k, { value }])) } as unknown as TEvaluationSummary["metrics"],
  });
  const rule = { metric: "roc_auc", mode: "absolute" as const, tolerance: 0.01 };

  it("shows the interval in the detail", () => {
    const boot = { metric: "roc_auc", low: -0.021, high: 0.006, mean: -0.007, resamples: 1000, confidence: 0.95, rows: 2000 };
    expect(nonRegressionItem(rule, evaluation({ roc_auc: 0.905 }), evaluation({ roc_auc: 0.912 }), 3, boot)).toMatchObject({
      status: "pass",
      detail: "roc_auc 0.9050 vs production v3: 0.9120, tolerance −0.01; 95 % CI of the difference [−0.0210, +0.0060] (1000 paired resamples) → within tolerance",
      numbers: { intervalLow: -0.021, intervalHigh: 0.006 },
    });
    expect(nonRegressionItem(rule, evaluation({ roc_auc: 0.905 }), evaluation({ roc_auc: 0.912 }), 3, { ...boot, undefinedResamples: 12 }).detail).toContain("(988 of 1000 paired resamples; roc_auc is undefined on the others)");
  });

  it("says why there is no interval, and falls back to the point comparison", () => {
    const missing = { unavailable: "it needs per-row predictions, which evaluations made before they were kept lack", reevaluate: ["baseline" as const] };
    expect(nonRegressionItem(rule, evaluation({ roc_auc: 0.905 }), evaluation({ roc_auc: 0.91 }), 3, missing)).toMatchObject({
      status: "pass",
      detail: "roc_auc 0.9050 vs production v3: 0.9100, tolerance −0.01 → within tolerance; no bootstrap interval: it needs per-row predictions, which evaluations made before they were kept lack; re-evaluate production v3",
    });
    const both = nonRegressionItem(rule, evaluation({ roc_auc: 0.88 }), evaluation({ roc_auc: 0.91 }), 3, { ...missing, reevaluate: ["candidate", "baseline"] });
    expect(both.status).toBe("fail");
    expect(both.detail).toMatch(/→ regression; no bootstrap interval: .*; re-evaluate this version and production v3$/);
  });

  it("is a policy teams may turn on", () => {
    const p = defaultPolicy("BINARY");
    const on = { ...p, production: { ...p.production, bootstrap: { enabled: true, resamples: 2000, confidence: 0.9 } } };
    expect(parsePolicy("BINARY", on)).toEqual(on);
  });
});
