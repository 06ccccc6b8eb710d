export type TScaledConfusion = {
  /** Cases flagged per month (caught + false alarms). */
  flagged: number;
  /** Positives flagged (true positives) per month. */
  caught: number;
  /** Positives not flagged (false negatives) per month. */
  missed: number;
  /** Negatives flagged (false positives) per month. */
  falseAlarms: number;
  /** Negatives not flagged (true negatives) per month. */
  cleared: number;
  capacity: number | null;
  /** flagged / capacity; null without a capacity (or a capacity of 0 with nothing flagged). */
  utilisation: number | null;
  /** Flagged cases beyond capacity that nobody can review. */
  overCapacity: number;
};

/**
 * The evaluation's confusion matrix scaled to a month: volume N, prevalence π, and the rates at the
 * chosen threshold. caught = N·π·TPR, missed = N·π·(1−TPR), false alarms = N·(1−π)·FPR,
 * cleared = N·(1−π)·(1−FPR); flagged = caught + false alarms, set against the review capacity.
 */
export function scaledConfusion(inputs: { volume: number; prevalence: number; reviewCapacity: number | null }, rates: { tpr: number; fpr: number }): TScaledConfusion {
  const { volume: n, prevalence: pi, reviewCapacity: capacity } = inputs;
  const caught = n * pi * rates.tpr;
  const missed = n * pi * (1 - rates.tpr);
  const falseAlarms = n * (1 - pi) * rates.fpr;
  const cleared = n * (1 - pi) * (1 - rates.fpr);
  const flagged = caught + falseAlarms;
  const utilisation = capacity === null ? null : capacity > 0 ? flagged / capacity : flagged > 0 ? Infinity : null;
  return {
    flagged, caught, missed, falseAlarms, cleared, capacity,
    utilisation: utilisation === Infinity ? null : utilisation,
    overCapacity: capacity === null ? 0 : Math.max(0, flagged - capacity),
  };
}
