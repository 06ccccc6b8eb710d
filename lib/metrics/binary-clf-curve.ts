/**
 * Cumulative true and false positive counts at each distinct score, scores descending: the result of
 * sklearn.metrics._ranking._binary_clf_curve without sample weights. Tied scores form one point, which
 * is how sklearn handles ties in roc_auc_score and average_precision_score.
 */
export type TBinaryClfCurve = {
  /** Distinct scores, descending. */
  thresholds: Float64Array;
  /** Positives with score >= thresholds[i]. */
  tps: Float64Array;
  /** Negatives with score >= thresholds[i]. */
  fps: Float64Array;
};

/**
 * Sorts positive and negative scores separately with the native numeric typed-array sort (no
 * comparator callback, no index array) and merges them from the top. The counts are what sklearn's
 * argsort + cumsum produce; the order inside a tie never matters because ties are collapsed.
 */
export function binaryClfCurve(scores: Float64Array, labels: Uint8Array): TBinaryClfCurve {
  let positiveCount = 0;
  for (let i = 0; i < labels.length; i++) positiveCount += labels[i];
  const positives = new Float64Array(positiveCount);
  const negatives = new Float64Array(labels.length - positiveCount);
  let p = 0;
  let q = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) positives[p++] = scores[i];
    else negatives[q++] = scores[i];
  }
  positives.sort();
  negatives.sort();

  const thresholds = new Float64Array(labels.length);
  const tps = new Float64Array(labels.length);
  const fps = new Float64Array(labels.length);
  let points = 0;
  let tp = 0;
  let fp = 0;
  p = positives.length - 1;
  q = negatives.length - 1;
  while (p >= 0 || q >= 0) {
    const current = p < 0 ? negatives[q] : q < 0 ? positives[p] : Math.max(positives[p], negatives[q]);
    while (p >= 0 && positives[p] === current) {
      tp++;
      p--;
    }
    while (q >= 0 && negatives[q] === current) {
      fp++;
      q--;
    }
    thresholds[points] = current;
    tps[points] = tp;
    fps[points] = fp;
    points++;
  }
  return { thresholds: thresholds.slice(0, points), tps: tps.slice(0, points), fps: fps.slice(0, points) };
}
