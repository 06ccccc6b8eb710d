import type { TTreeNode } from "@/lib/onnx/build/tree-ensemble-classifier";

// Binary gradient boosting with log loss, as scikit-learn's GradientBoostingClassifier does it:
// start from the log-odds of the base rate, then fit each tree to the negative gradient (y - p) by
// squared-error splits and set each leaf to the Newton step Σ(y - p) / Σ p(1 - p). Splits are
// searched over per-feature quantile bins (histogram method) to stay fast in plain TypeScript.
//
// onnxruntime compares float32(x) <= float32(threshold); thresholds are therefore float32 values
// and training compares float32-rounded features, so that the exported trees route every row the
// way they did during training.

export type TBoostingParams = { trees: number; maxDepth: number; learningRate: number; minSamplesLeaf: number; bins: number };
export type TBoostingFit = { trees: TTreeNode[][]; baseValue: number };

export function trainGradientBoosting(X: number[][], y: number[], params: TBoostingParams): TBoostingFit {
  const n = X.length;
  const F = X[0].length;
  const Xf = X.map((r) => r.map(Math.fround));
  const edges = Array.from({ length: F }, (_, j) => quantileEdges(Xf.map((r) => r[j]), params.bins));
  const binOf = Xf.map((r) => r.map((v, j) => binIndex(edges[j], v)));

  const positives = y.reduce((s, v) => s + v, 0);
  const baseValue = Math.log(positives / (n - positives));
  const score = new Array<number>(n).fill(baseValue);
  const trees: TTreeNode[][] = [];

  for (let t = 0; t < params.trees; t++) {
    const p = score.map((s) => 1 / (1 + Math.exp(-s)));
    const g = y.map((yi, i) => yi - p[i]);
    const h = p.map((pi) => Math.max(pi * (1 - pi), 1e-12));
    const tree: TTreeNode[] = [];
    const grow = (rows: number[], depth: number): number => {
      const id = tree.length;
      tree.push({ leaf: [0] });
      const split = depth < params.maxDepth ? bestSplit(rows, g, binOf, edges, params.minSamplesLeaf) : null;
      if (!split) {
        const value = params.learningRate * (sum(rows, g) / sum(rows, h));
        tree[id] = { leaf: [Math.fround(value)] };
        for (const i of rows) score[i] += Math.fround(value);
        return id;
      }
      const left = rows.filter((i) => binOf[i][split.feature] <= split.bin);
      const right = rows.filter((i) => binOf[i][split.feature] > split.bin);
      const node = { feature: split.feature, threshold: edges[split.feature][split.bin], left: 0, right: 0 };
      tree[id] = node;
      node.left = grow(left, depth + 1);
      node.right = grow(right, depth + 1);
      return id;
    };
    grow(Array.from({ length: n }, (_, i) => i), 0);
    trees.push(tree);
  }
  return { trees, baseValue };
}

function sum(rows: number[], v: number[]): number {
  let s = 0;
  for (const i of rows) s += v[i];
  return s;
}

function bestSplit(rows: number[], g: number[], binOf: number[][], edges: number[][], minLeaf: number) {
  const total = sum(rows, g);
  const parentScore = (total * total) / rows.length;
  let best: { feature: number; bin: number; gain: number } | null = null;
  for (let j = 0; j < edges.length; j++) {
    const bins = edges[j].length;
    const gSum = new Float64Array(bins + 1);
    const count = new Int32Array(bins + 1);
    for (const i of rows) {
      gSum[binOf[i][j]] += g[i];
      count[binOf[i][j]] += 1;
    }
    let gl = 0;
    let nl = 0;
    for (let b = 0; b < bins; b++) {
      gl += gSum[b];
      nl += count[b];
      const nr = rows.length - nl;
      if (nl < minLeaf || nr < minLeaf) continue;
      const gr = total - gl;
      const gain = (gl * gl) / nl + (gr * gr) / nr - parentScore;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { feature: j, bin: b, gain };
    }
  }
  return best;
}

// Distinct float32 cut points at the quantiles of a column; bin k holds values <= edges[k].
function quantileEdges(values: number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const edges = new Set<number>();
  for (let k = 1; k < bins; k++) edges.add(Math.fround(sorted[Math.floor((k * sorted.length) / bins)]));
  edges.delete(Math.fround(sorted[sorted.length - 1]));
  return [...edges].sort((a, b) => a - b);
}

function binIndex(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** P(positive) for one row, routed the way onnxruntime routes it (float32 comparisons). */
export function predictBoosting(fit: TBoostingFit, row: number[]): number {
  let score = fit.baseValue;
  for (const tree of fit.trees) {
    let node = tree[0];
    while (!("leaf" in node)) node = tree[Math.fround(row[node.feature]) <= node.threshold ? node.left : node.right];
    score += node.leaf[0];
  }
  return 1 / (1 + Math.exp(-score));
}
