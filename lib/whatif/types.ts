import type { THistogram } from "@/lib/metrics/types";

// Shapes shared by the what-if's server side (curves built from an evaluation's per-row
// predictions) and the browser (every slider tick recomputed from them). Plain JSON only.

/**
 * The operating points of a binary classifier on its evaluation dataset. A row is flagged when its
 * score is ≥ the threshold (as the stored metrics count it). Points are sorted by threshold,
 * highest first; `tp[i]` and `fp[i]` count the positive and negative rows flagged at
 * `thresholds[i]`, so tied scores switch together. Above the first threshold nothing is flagged.
 *
 * `kind` says how complete the points are:
 * - "exact": one point per distinct score, every threshold is exact;
 * - "reduced": too many distinct scores to ship, so the thresholds on a 0.001 grid (every position of
 *   the slider) plus every vertex of the ROC convex hull (where the value-maximising threshold lies
 *   for any non-negative values and costs, so the optimum stays exact); a threshold typed between
 *   grid points takes the counts of the next kept threshold above it;
 * - "roc": the evaluation predates per-row predictions and only its stored (thinned) ROC curve is
 *   known; thresholds between its points take the next point's counts.
 */
export type TThresholdCurve = {
  kind: "exact" | "reduced" | "roc";
  thresholds: number[];
  tp: number[];
  fp: number[];
  positives: number;
  negatives: number;
  /** Distinct scores in the evaluation (null when only the ROC curve is known). */
  distinctScores: number | null;
};

/**
 * What linear error costs need from a regressor's evaluation: the mean over-prediction
 * E[max(ŷ − y, 0)] and mean under-prediction E[max(y − ŷ, 0)] per row. "exact" from the per-row
 * predictions; "histogram" estimated from the stored residual histogram (bin centres).
 */
export type TResidualSummary = {
  kind: "exact" | "histogram";
  rows: number;
  meanOver: number;
  meanUnder: number;
  /** Residuals ŷ − y (positive: over-prediction), for the chart; null when unknown. */
  histogram: THistogram | null;
};

/** The rates at one threshold, and the kept threshold whose counts they are (null: nothing flagged). */
export type TRates = { tpr: number; fpr: number; tp: number; fp: number; at: number | null };
