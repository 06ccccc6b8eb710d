// The few metrics the demo manifest records for each generated model, named as scikit-learn names
// them. The evaluation service computes the real ones; these document what the seed should expect.

export function rocAuc(labels: number[], scores: number[]): number {
  const order = scores.map((s, i) => [s, labels[i]] as const).sort((a, b) => a[0] - b[0]);
  // Mann–Whitney U with average ranks for ties.
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    const averageRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (order[k][1] !== 1) continue;
      rankSumPositive += averageRank;
      positives++;
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function logLoss(labels: number[], probabilities: number[]): number {
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

export function accuracy(labels: number[], probabilities: number[]): number {
  return labels.filter((l, i) => (probabilities[i] >= 0.5 ? 1 : 0) === l).length / labels.length;
}

/**
 * accuracy_score, log_loss and f1_score(average="macro") of one row of class probabilities per
 * label (a class index). The prediction is the first most probable class, as np.argmax picks it; log
 * loss clips to float64 eps and renormalises each row, as scikit-learn ≥ 1.2 does; a class never
 * predicted nor present has F1 0 (zero_division=0) and still counts in the macro average.
 */
export function multiclassSummary(labels: number[], probabilities: number[][], classCount: number): { accuracy: number; log_loss: number; macro_f1: number } {
  const eps = 2 ** -52;
  const tp = new Array<number>(classCount).fill(0);
  const predictedCount = new Array<number>(classCount).fill(0);
  const actualCount = new Array<number>(classCount).fill(0);
  let loss = 0;
  labels.forEach((label, i) => {
    const row = probabilities[i];
    let predicted = 0;
    for (let k = 1; k < classCount; k++) if (row[k] > row[predicted]) predicted = k;
    predictedCount[predicted]++;
    actualCount[label]++;
    if (predicted === label) tp[label]++;
    const clipped = row.map((p) => Math.min(1 - eps, Math.max(eps, p)));
    loss -= Math.log(clipped[label] / clipped.reduce((s, p) => s + p, 0));
  });
  const f1 = tp.map((t, k) => {
    const precision = predictedCount[k] === 0 ? 0 : t / predictedCount[k];
    const recall = actualCount[k] === 0 ? 0 : t / actualCount[k];
    return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  });
  const n = labels.length;
  return { accuracy: tp.reduce((s, t) => s + t, 0) / n, log_loss: loss / n, macro_f1: f1.reduce((s, v) => s + v, 0) / classCount };
}

export function regressionMetrics(actual: number[], predicted: number[]): { rmse: number; mae: number; r2: number } {
  const n = actual.length;
  const mean = actual.reduce((s, v) => s + v, 0) / n;
  let se = 0;
  let ae = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    se += (actual[i] - predicted[i]) ** 2;
    ae += Math.abs(actual[i] - predicted[i]);
    tot += (actual[i] - mean) ** 2;
  }
  return { rmse: Math.sqrt(se / n), mae: ae / n, r2: 1 - se / tot };
}

/** Rounds metric values for the manifest, so that tiny float noise never changes its bytes. */
export function roundMetrics<T extends Record<string, number>>(m: T, digits = 4): T {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number(v.toFixed(digits))])) as T;
}
