// Ordinary least squares through the normal equations (XᵀX)β = Xᵀy, solved by Gaussian elimination
// with partial pivoting. Features are centred and scaled first to keep XᵀX well conditioned, then
// the solution is mapped back to raw units.

export type TLeastSquaresFit = { coefficients: number[]; intercept: number };

export function fitLeastSquares(X: number[][], y: number[]): TLeastSquaresFit {
  const n = X.length;
  const F = X[0].length;
  const mean = Array.from({ length: F }, (_, j) => X.reduce((s, r) => s + r[j], 0) / n);
  const sd = Array.from({ length: F }, (_, j) => Math.sqrt(X.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n) || 1);
  const yMean = y.reduce((s, v) => s + v, 0) / n;

  const A = Array.from({ length: F }, () => new Array<number>(F + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const z = X[i].map((v, j) => (v - mean[j]) / sd[j]);
    for (let a = 0; a < F; a++) {
      for (let c = 0; c < F; c++) A[a][c] += z[a] * z[c];
      A[a][F] += z[a] * (y[i] - yMean);
    }
  }
  for (let col = 0; col < F; col++) {
    let pivot = col;
    for (let r = col + 1; r < F; r++) if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    [A[col], A[pivot]] = [A[pivot], A[col]];
    if (Math.abs(A[col][col]) < 1e-12) throw new Error(`feature ${col} is constant or collinear; least squares has no unique solution`);
    for (let r = 0; r < F; r++) {
      if (r === col) continue;
      const factor = A[r][col] / A[col][col];
      for (let c = col; c <= F; c++) A[r][c] -= factor * A[col][c];
    }
  }
  const beta = A.map((row, j) => row[F] / row[j]);
  const coefficients = beta.map((bj, j) => bj / sd[j]);
  const intercept = yMean - coefficients.reduce((s, c, j) => s + c * mean[j], 0);
  return { coefficients, intercept };
}
