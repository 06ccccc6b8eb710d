import { encodeModel } from "@/lib/onnx/build/encode-model";
import { DataType, floatTensor, node, tensorInfo } from "@/lib/onnx/build/nodes";
import { floatInput, SKL2ONNX_INPUT } from "@/lib/onnx/build/skl2onnx-style";
import { createRng } from "@/lib/onnx/demo/prng";

export type THeavyClassifierSpec = {
  featureNames: string[];
  /** The wide part: logistic-regression weights, one per feature. */
  coefficients: number[];
  intercept: number;
  /** Residual blocks in the deep part; each costs rows × width² multiply-adds. */
  depth: number;
  /** Width of the deep part (default 256). */
  width?: number;
  /** Seeds the deep part's weights (default 1). */
  seed?: number;
  /** Scale of the deep part's logit next to the wide part's (default 0.5). */
  deepWeight?: number;
  metadata?: Record<string, string>;
};

/**
 * A binary wide-and-deep classifier whose inference is deliberately expensive, for watching a long
 * evaluation: P(positive) = sigmoid(x·coef + intercept + deep(x)), output `probabilities` [N, 1].
 * deep(x) is a residual MLP, h ← h + tanh(h·W)/depth, whose blocks all reuse ONE width×width
 * initializer: the cost grows with depth, the file barely does (weights are width² × 4 bytes, each
 * block ~160 bytes of graph; 314 KB at width 256, depth 320, under the 4 MB upload cap of the tests).
 * The 1/depth step keeps the tower's Lipschitz constant below e^‖W‖ whatever the depth, so float32
 * error does not blow up and the deep part only perturbs the wide part's ranking.
 */
export function buildHeavyClassifier(spec: THeavyClassifierSpec): Uint8Array {
  const F = spec.featureNames.length;
  const W = spec.width ?? 256;
  const K = spec.depth;
  if (spec.coefficients.length !== F) throw new Error(`expected ${F} coefficients (one per feature), got ${spec.coefficients.length}`);
  if (!Number.isInteger(K) || K < 1) throw new Error(`depth must be a positive integer, got ${K}`);
  if (!Number.isInteger(W) || W < 1) throw new Error(`width must be a positive integer, got ${W}`);

  // Variance-preserving scales (LeCun normal): pre-activations stay near unit variance.
  const rng = createRng(spec.seed ?? 1);
  const gaussian = (n: number, sd: number) => Array.from({ length: n }, () => rng.normal(0, sd));
  const wIn = gaussian(F * W, 1 / Math.sqrt(F));
  const wHidden = gaussian(W * W, 1 / Math.sqrt(W));
  const wOut = gaussian(W, (spec.deepWeight ?? 0.5) / Math.sqrt(W));

  const blocks = Array.from({ length: K }, (_, i) => {
    const k = i + 1;
    const h = i === 0 ? "h_0" : `h_${i}`;
    return [
      node("MatMul", [h, "w_hidden"], [`z_${k}`], { name: `MatMul_${k}` }),
      node("Tanh", [`z_${k}`], [`t_${k}`], { name: `Tanh_${k}` }),
      node("Mul", [`t_${k}`, "step"], [`s_${k}`], { name: `Mul_${k}` }),
      node("Add", [h, `s_${k}`], [`h_${k}`], { name: `Add_${k}` }),
    ];
  }).flat();

  return encodeModel({
    graph: {
      name: "HeavyWideAndDeep",
      input: [floatInput(F)],
      initializer: [
        floatTensor("coef", [F, 1], spec.coefficients),
        floatTensor("intercept", [1], [spec.intercept]),
        floatTensor("w_in", [F, W], wIn),
        floatTensor("w_hidden", [W, W], wHidden),
        floatTensor("step", [], [1 / K]),
        floatTensor("w_out", [W, 1], wOut),
      ],
      node: [
        node("MatMul", [SKL2ONNX_INPUT, "coef"], ["wide_score"], { name: "MatMul_wide" }),
        node("MatMul", [SKL2ONNX_INPUT, "w_in"], ["z_0"], { name: "MatMul_0" }),
        node("Tanh", ["z_0"], ["h_0"], { name: "Tanh_0" }),
        ...blocks,
        node("MatMul", [`h_${K}`, "w_out"], ["deep_score"], { name: "MatMul_out" }),
        node("Add", ["wide_score", "deep_score"], ["score"], { name: "Add_scores" }),
        node("Add", ["score", "intercept"], ["logit"], { name: "Add_intercept" }),
        node("Sigmoid", ["logit"], ["probabilities"], { name: "Sigmoid" }),
      ],
      output: [tensorInfo("probabilities", DataType.FLOAT, [null, 1])],
    },
    opsets: { "": 17 },
    docString: `wide-and-deep binary classifier: ${K} residual blocks of width ${W} sharing one weight matrix`,
    metadata: spec.metadata,
  });
}
