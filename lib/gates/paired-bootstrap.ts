import type { TPredictions } from "@/lib/evaluation/predictions-file";
import { metricAppliesTo, resampleMetric } from "@/lib/gates/resample-metric";
import { seededRandom } from "@/lib/gates/seeded-random";

/** Percentile interval of (candidate − production) on one metric, in the metric's own direction. */
export type TBootstrapResult = {
  metric: string;
  low: number;
  high: number;
  /** Mean of the resampled differences. */
  mean: number;
  resamples: number;
  confidence: number;
  rows: number;
  /** Resamples left out because the metric was undefined on them (a resample without a positive row). */
  undefinedResamples?: number;
};

/** Why there is no interval; `reevaluate` names the evaluations a new run would fix. */
export type TBootstrapUnavailable = { unavailable: string; reevaluate: ("candidate" | "baseline")[] };

export type TBootstrapOptions = { resamples: number; confidence: number; seed: string };

// Below this share of resamples with a defined metric, an interval would describe a different
// population (e.g. only the resamples that happened to draw a positive row): none is given.
const MIN_DEFINED_SHARE = 0.9;

export type TPairedBootstrap = {
  /** Runs resamples until `deadline` (performance.now()) or the end; true once all are done. */
  run(deadline?: number): boolean;
  result(): TBootstrapResult | TBootstrapUnavailable;
};

/**
 * The paired bootstrap of Efron & Tibshirani (An Introduction to the Bootstrap, 1993, ch. 13): each
 * resample draws n row indices with replacement, the same rows for both versions (the rows of two
 * evaluations of the same dataset content line up by index), and records metric(candidate) −
 * metric(production) on them. The interval is the percentile interval of those differences,
 * percentiles interpolated linearly between order statistics (numpy.percentile's default). Drawing
 * the same rows for both cancels the variation the versions share, so the interval is much narrower
 * than comparing two separate intervals.
 *
 * The draws come from a PRNG seeded with `seed`: the same pair of evaluations and metric always give
 * the same interval.
 */
export function createPairedBootstrap(candidate: TPredictions, baseline: TPredictions, metric: string, options: TBootstrapOptions): TPairedBootstrap {
  const refusal = pairingProblem(candidate, baseline, metric);
  if (refusal) return { run: () => true, result: () => refusal };
  const n = candidate.rows;
  const { resamples, confidence } = options;
  const candidateMetric = resampleMetric(candidate, metric);
  const baselineMetric = resampleMetric(baseline, metric);
  const random = seededRandom(options.seed);
  const counts = new Uint32Array(n);
  const differences = new Float64Array(resamples);
  let done = 0;
  let defined = 0;
  return {
    run(deadline = Infinity) {
      while (done < resamples) {
        counts.fill(0);
        for (let k = 0; k < n; k++) counts[random.nextIndex(n)]++;
        const c = candidateMetric(counts);
        const b = baselineMetric(counts);
        if (c !== null && b !== null) differences[defined++] = c - b;
        done++;
        if (performance.now() >= deadline) break;
      }
      return done === resamples;
    },
    result() {
      if (done < resamples) throw new Error("the bootstrap has not finished");
      if (defined < MIN_DEFINED_SHARE * resamples) {
        return { unavailable: `${metric} is undefined on ${resamples - defined} of ${resamples} resamples of this dataset (too few rows of some class or value to resample)`, reevaluate: [] };
      }
      const sorted = differences.subarray(0, defined).sort();
      const alpha = 1 - confidence;
      let sum = 0;
      for (let i = 0; i < defined; i++) sum += sorted[i];
      return {
        metric, rows: n, resamples, confidence,
        low: percentile(sorted, alpha / 2), high: percentile(sorted, 1 - alpha / 2), mean: sum / defined,
        ...(defined < resamples ? { undefinedResamples: resamples - defined } : {}),
      };
    },
  };
}

/** Runs the whole bootstrap at once (tests, and callers with nothing else to do). */
export function pairedBootstrap(candidate: TPredictions, baseline: TPredictions, metric: string, options: TBootstrapOptions): TBootstrapResult | TBootstrapUnavailable {
  const bootstrap = createPairedBootstrap(candidate, baseline, metric, options);
  bootstrap.run();
  return bootstrap.result();
}

/** numpy.percentile(values, 100 q) with the default linear interpolation; `sorted` is ascending. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

// Rows pair up only if both files hold the same rows: same count, and the same label on each row
// (by class name, since two versions may order their classes differently).
function pairingProblem(candidate: TPredictions, baseline: TPredictions, metric: string): TBootstrapUnavailable | null {
  const refuse = (unavailable: string): TBootstrapUnavailable => ({ unavailable, reevaluate: [] });
  if (candidate.task !== baseline.task) return refuse(`the two versions are not of the same task (${candidate.task} and ${baseline.task})`);
  if (!metricAppliesTo(candidate, metric)) return refuse(`'${metric}' is not a ${candidate.task} metric`);
  if (candidate.rows !== baseline.rows) return refuse(`the two evaluations scored different numbers of rows (${candidate.rows} and ${baseline.rows})`);
  if (candidate.rows < 2) return refuse("the dataset has fewer than two rows");
  const name = (p: TPredictions, label: number) => (p.task === "multiclass" ? p.classLabels[label] : label);
  for (let i = 0; i < candidate.rows; i++) {
    if (name(candidate, candidate.labels[i]) !== name(baseline, baseline.labels[i])) {
      return refuse(`the two evaluations read different labels (first at row ${i + 1}): they were not scored against the same label column or positive class`);
    }
  }
  return null;
}
