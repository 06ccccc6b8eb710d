export type TScores = Float32Array | Float64Array;

/** Scores split by label, each part sorted ascending: what every ranking metric reads. */
export type TScoresByClass = { positives: TScores; negatives: TScores };

/**
 * Reorders the scores in place, positives first (the labels are rewritten to match), and sorts each
 * part with the native numeric typed-array sort (no comparator callback, no index array, no copy:
 * nothing proportional to the rows is allocated). The arrays' original row order is lost.
 */
export function sortByClassInPlace(scores: TScores, labels: Uint8Array): TScoresByClass {
  let i = 0;
  let j = labels.length - 1;
  for (;;) {
    while (i < labels.length && labels[i] === 1) i++;
    while (j >= 0 && labels[j] !== 1) j--;
    if (i >= j) break;
    const score = scores[i];
    scores[i] = scores[j];
    scores[j] = score;
    labels[i] = 1;
    labels[j] = 0;
  }
  return { positives: sortInPlace(scores.subarray(0, i)), negatives: sortInPlace(scores.subarray(i)) };
}

/**
 * Ascending numeric sort, as TypedArray.prototype.sort. Float32 values are sorted as integer keys:
 * flipping every bit of a negative and only the sign bit of the rest maps float order (−0 before +0
 * included) onto unsigned integer order, and the integer sort takes about half the time of the float
 * one. No NaN reaches here (batches are validated).
 */
function sortInPlace(values: TScores): TScores {
  if (!(values instanceof Float32Array)) return values.sort();
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) bits[i] = bits[i] & 0x80000000 ? ~bits[i] : bits[i] | 0x80000000;
  bits.sort();
  for (let i = 0; i < bits.length; i++) bits[i] = bits[i] & 0x80000000 ? bits[i] & 0x7fffffff : ~bits[i];
  return values;
}

/**
 * Walks sklearn.metrics._ranking._binary_clf_curve (no sample weights) one point at a time instead of
 * materialising it: each point is a distinct score with the cumulative counts of positives (tp) and
 * negatives (fp) scoring >= it. Tied scores form one point, which is how sklearn handles ties in
 * roc_auc_score and average_precision_score; the order inside a tie never matters.
 *
 * `next()` moves to the following point, highest score first (sklearn's order) or lowest first
 * (precision_recall_curve's reversed order), and returns false past the end. Counts are integers, so
 * both directions give the same tp, fp and threshold for a point.
 */
export class ClfCurveCursor {
  threshold = Number.NaN;
  tp = 0;
  fp = 0;
  private p: number;
  private q: number;

  constructor(
    private readonly scores: TScoresByClass,
    private readonly direction: "descending" | "ascending",
  ) {
    this.p = direction === "descending" ? scores.positives.length - 1 : 0;
    this.q = direction === "descending" ? scores.negatives.length - 1 : 0;
  }

  next(): boolean {
    return this.direction === "descending" ? this.nextDescending() : this.nextAscending();
  }

  private nextDescending(): boolean {
    const { positives, negatives } = this.scores;
    let p = this.p;
    let q = this.q;
    if (p < 0 && q < 0) return false;
    const current = p < 0 ? negatives[q] : q < 0 ? positives[p] : Math.max(positives[p], negatives[q]);
    while (p >= 0 && positives[p] === current) {
      this.tp++;
      p--;
    }
    while (q >= 0 && negatives[q] === current) {
      this.fp++;
      q--;
    }
    this.p = p;
    this.q = q;
    this.threshold = current;
    return true;
  }

  private nextAscending(): boolean {
    const { positives, negatives } = this.scores;
    const P = positives.length;
    const N = negatives.length;
    let p = this.p;
    let q = this.q;
    if (p >= P && q >= N) return false;
    const current = p >= P ? negatives[q] : q >= N ? positives[p] : Math.min(positives[p], negatives[q]);
    // Rows at or above this score are the ones not yet passed.
    this.tp = P - p;
    this.fp = N - q;
    const p0 = p;
    const q0 = q;
    while (p < P && positives[p] === current) p++;
    while (q < N && negatives[q] === current) q++;
    this.p = p;
    this.q = q;
    // The value the descending walk reports for this tie: the largest member, so +0 beats −0.
    this.threshold = Math.max(p > p0 ? positives[p - 1] : -Infinity, q > q0 ? negatives[q - 1] : -Infinity);
    return true;
  }
}

/** Number of points of the curve (distinct scores). */
export function countClfCurvePoints(scores: TScoresByClass): number {
  const cursor = new ClfCurveCursor(scores, "descending");
  let points = 0;
  while (cursor.next()) points++;
  return points;
}
