import { expectedValue, type TValueInputs } from "@/lib/whatif/ev";
import type { TThresholdCurve } from "@/lib/whatif/types";

export type TOptimum = {
  /** The threshold to set (flag scores ≥ it); null: flag nothing (every threshold above the highest score). */
  threshold: number | null;
  perMonth: number;
  tpr: number;
  fpr: number;
  /** Flagged cases per month at the optimum. */
  flagged: number;
};

// Values closer than this (relative) are a tie: floating-point noise must not pick a threshold.
const TIE = 1e-9;

/**
 * The threshold that maximises EV (lib/whatif/ev.ts) over every kept point of the curve and "flag
 * nothing". EV is linear in (TPR, FPR) — EV/N = A·TPR − B·FPR − π·c_FN with A = π(v_TP + c_FN − c_rev)
 * and B = (1−π)(c_FP + c_rev) ≥ 0 — so its maximum lies on a vertex of the ROC convex hull (Provost
 * & Fawcett, "Robust classification for imprecise environments", 2001), which a "reduced" curve
 * keeps: the optimum is exact on "exact" and "reduced" curves alike.
 *
 * Ties go to the higher threshold (fewer cases flagged for the same value): with zero costs and
 * values every threshold is worth 0 and the answer is "flag nothing". With `capacity`, only points
 * flagging at most that many cases a month count (on a "reduced" curve the best of those is exact to
 * the 0.001 grid).
 */
export function optimalThreshold(curve: TThresholdCurve, inputs: TValueInputs, options: { capacity?: number | null } = {}): TOptimum {
  const capacity = options.capacity ?? null;
  const P = curve.positives;
  const N = curve.negatives;
  const pi = inputs.prevalence;
  const flaggedAt = (tpr: number, fpr: number) => inputs.volume * (pi * tpr + (1 - pi) * fpr);
  let best: TOptimum = { threshold: null, perMonth: expectedValue(inputs, { tpr: 0, fpr: 0 }).perMonth, tpr: 0, fpr: 0, flagged: 0 };
  // Highest threshold first: a later point must be strictly better to win, so ties keep the higher one.
  for (let i = 0; i < curve.thresholds.length; i++) {
    const tpr = P > 0 ? curve.tp[i] / P : 0;
    const fpr = N > 0 ? curve.fp[i] / N : 0;
    const flagged = flaggedAt(tpr, fpr);
    if (capacity !== null && flagged > capacity) continue;
    const perMonth = expectedValue(inputs, { tpr, fpr }).perMonth;
    if (perMonth - best.perMonth > TIE * Math.max(1, Math.abs(best.perMonth))) best = { threshold: curve.thresholds[i], perMonth, tpr, fpr, flagged };
  }
  return best;
}
