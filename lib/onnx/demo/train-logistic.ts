// Logistic regression by full-batch gradient descent on standardised features, with a small L2
// penalty. The weights are mapped back to raw feature units so that the exported model takes the
// raw columns of the CSV, like a scikit-learn model trained without a scaler in its pipeline.

export type TLogisticParams = { epochs: number; learningRate: number; l2: number };
export type TLogisticFit = { coefficients: number[]; intercept: number; finalLoss: number };

export function trainLogistic(X: number[][], y: number[], params: TLogisticParams): TLogisticFit {
  const n = X.length;
  const F = X[0].length;
  const mean = Array.from({ length: F }, (_, j) => X.reduce((s, r) => s + r[j], 0) / n);
  const sd = Array.from({ length: F }, (_, j) => Math.sqrt(X.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n) || 1);
  const Z = X.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));

  const w = new Array<number>(F).fill(0);
  let b = Math.log((y.reduce((s, v) => s + v, 0) + 1) / (n - y.reduce((s, v) => s + v, 0) + 1));
  let loss = 0;
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    const gw = new Array<number>(F).fill(0);
    let gb = 0;
    loss = 0;
    for (let i = 0; i < n; i++) {
      let z = b;
      for (let j = 0; j < F; j++) z += w[j] * Z[i][j];
      const p = 1 / (1 + Math.exp(-z));
      const err = p - y[i];
      for (let j = 0; j < F; j++) gw[j] += err * Z[i][j];
      gb += err;
      loss -= y[i] === 1 ? Math.log(Math.max(p, 1e-15)) : Math.log(Math.max(1 - p, 1e-15));
    }
    for (let j = 0; j < F; j++) w[j] -= params.learningRate * (gw[j] / n + params.l2 * w[j]);
    b -= params.learningRate * (gb / n);
    loss /= n;
  }
  const coefficients = w.map((wj, j) => wj / sd[j]);
  const intercept = b - w.reduce((s, wj, j) => s + (wj * mean[j]) / sd[j], 0);
  return { coefficients, intercept, finalLoss: loss };
}
