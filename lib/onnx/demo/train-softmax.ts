// Multinomial (softmax) logistic regression by full-batch gradient descent on standardised features,
// with a small L2 penalty on the weights. Like scikit-learn's LogisticRegression(multi_class=
// "multinomial") it keeps one row of weights and one intercept per class: the L2 penalty makes the
// weights identifiable, and the intercepts start centred and stay so (their gradients sum to zero).
// The weights are mapped back to raw feature units so that the exported model takes the raw columns
// of the CSV. Heavy-ball momentum gets within 0.001 of the converged loss in 150 epochs where plain
// steps need thousands, and flat Float64Arrays keep those epochs cheap: the demo is trained at seed
// time and in tests.

export type TSoftmaxParams = { epochs: number; learningRate: number; l2: number; momentum: number };
export type TSoftmaxFit = { coefficients: number[][]; intercepts: number[]; finalLoss: number };

/** `y` holds class indices in [0, classCount). */
export function trainSoftmax(X: number[][], y: number[], classCount: number, params: TSoftmaxParams): TSoftmaxFit {
  const n = X.length;
  const F = X[0].length;
  const K = classCount;
  const mean = Array.from({ length: F }, (_, j) => X.reduce((s, r) => s + r[j], 0) / n);
  const sd = Array.from({ length: F }, (_, j) => Math.sqrt(X.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n) || 1);
  const Z = new Float64Array(n * F);
  X.forEach((r, i) => r.forEach((v, j) => (Z[i * F + j] = (v - mean[j]) / sd[j])));

  // w[k * F + j]: weight of standardised feature j for class k.
  const w = new Float64Array(K * F);
  // Start from the log class frequencies (Laplace-smoothed, centred), so early epochs fit the features.
  const logPrior = Array.from({ length: K }, (_, k) => Math.log(y.filter((v) => v === k).length + 1));
  const b = Float64Array.from(logPrior, (v) => v - logPrior.reduce((s, x) => s + x, 0) / K);
  const gw = new Float64Array(K * F);
  const gb = new Float64Array(K);
  const vw = new Float64Array(K * F);
  const vb = new Float64Array(K);
  const p = new Float64Array(K);
  let loss = 0;
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    gw.fill(0);
    gb.fill(0);
    loss = 0;
    for (let i = 0; i < n; i++) {
      const at = i * F;
      softmaxInto(p, w, b, Z, at, F);
      for (let k = 0; k < K; k++) {
        const err = p[k] - (y[i] === k ? 1 : 0);
        for (let j = 0; j < F; j++) gw[k * F + j] += err * Z[at + j];
        gb[k] += err;
      }
      loss -= Math.log(Math.max(p[y[i]], 1e-15));
    }
    for (let m = 0; m < K * F; m++) {
      vw[m] = params.momentum * vw[m] - params.learningRate * (gw[m] / n + params.l2 * w[m]);
      w[m] += vw[m];
    }
    for (let k = 0; k < K; k++) {
      vb[k] = params.momentum * vb[k] - params.learningRate * (gb[k] / n);
      b[k] += vb[k];
    }
    loss /= n;
  }
  const coefficients = Array.from({ length: K }, (_, k) => Array.from({ length: F }, (_, j) => w[k * F + j] / sd[j]));
  const intercepts = coefficients.map((row, k) => b[k] - row.reduce((s, c, j) => s + c * mean[j], 0));
  return { coefficients, intercepts, finalLoss: loss };
}

/** Class probabilities of one raw feature row under a fitted model. */
export function predictSoftmax(fit: Pick<TSoftmaxFit, "coefficients" | "intercepts">, row: number[]): number[] {
  const p = new Float64Array(fit.intercepts.length);
  softmaxInto(p, Float64Array.from(fit.coefficients.flat()), Float64Array.from(fit.intercepts), Float64Array.from(row), 0, row.length);
  return Array.from(p);
}

// Scores the F features of `x` starting at `at` (one row of a flat row-major matrix).
function softmaxInto(out: Float64Array, w: Float64Array, b: Float64Array, x: Float64Array, at: number, F: number): void {
  let max = -Infinity;
  for (let k = 0; k < b.length; k++) {
    let z = b[k];
    for (let j = 0; j < F; j++) z += w[k * F + j] * x[at + j];
    out[k] = z;
    if (z > max) max = z;
  }
  // Subtracting the largest score keeps exp from overflowing; the probabilities are unchanged.
  let sum = 0;
  for (let k = 0; k < b.length; k++) {
    out[k] = Math.exp(out[k] - max);
    sum += out[k];
  }
  for (let k = 0; k < b.length; k++) out[k] /= sum;
}
