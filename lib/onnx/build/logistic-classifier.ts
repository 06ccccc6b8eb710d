import type { onnx } from "onnx-proto";
import { encodeModel } from "@/lib/onnx/build/encode-model";
import { DataType, floats, floatTensor, int, int64Tensor, node, str, stringTensor, tensorInfo } from "@/lib/onnx/build/nodes";
import {
  classifierLabelAttrs, classLabelsOf, floatInput, plainOutputs, SKL2ONNX_INPUT, SKL2ONNX_OPSETS, SKL2ONNX_PRODUCER, zipMapTail,
  type TClassLabels,
} from "@/lib/onnx/build/skl2onnx-style";

export type TLogisticClassifierSpec = {
  /** Binary: one weight per feature. Multiclass: one row of weights per class. */
  coefficients: number[] | number[][];
  /** Binary: one number. Multiclass: one per class. */
  intercept: number | number[];
  featureNames: string[];
  classLabels: (string | number)[];
  zipmap: boolean;
  /**
   * "ml-linear": exactly what skl2onnx writes for LogisticRegression (ai.onnx.ml LinearClassifier).
   * "matmul-sigmoid": standard operators only (MatMul, Add, Sigmoid/Softmax). With zipmap it keeps
   * skl2onnx's outputs; without, a binary model outputs one column `probability` [N, 1] = P(last
   * class), the shape hand-written and PyTorch exports usually have.
   */
  style: "ml-linear" | "matmul-sigmoid";
  metadata?: Record<string, string>;
};

/** Builds a logistic-regression classifier and returns the encoded ONNX bytes. */
export function buildLogisticClassifier(spec: TLogisticClassifierSpec): Uint8Array {
  const F = spec.featureNames.length;
  const C = spec.classLabels.length;
  const rows = Array.isArray(spec.coefficients[0]) ? (spec.coefficients as number[][]) : [spec.coefficients as number[]];
  const intercepts = Array.isArray(spec.intercept) ? spec.intercept : [spec.intercept];
  if (C < 2) throw new Error("a classifier needs at least two class labels");
  const binary = C === 2 && rows.length === 1;
  if (!binary && rows.length !== C) throw new Error(`expected ${C} rows of coefficients (one per class), got ${rows.length}`);
  if (rows.some((r) => r.length !== F)) throw new Error(`every row of coefficients needs ${F} weights (one per feature)`);
  if (intercepts.length !== rows.length) throw new Error(`expected ${rows.length} intercept(s), got ${intercepts.length}`);

  // skl2onnx turns a binary model into two score rows, -w and w, so LOGISTIC yields [1-p, p].
  const scoreRows = binary ? [rows[0].map((w) => -w), rows[0]] : rows;
  const scoreIntercepts = binary ? [-intercepts[0], intercepts[0]] : intercepts;
  const labels = classLabelsOf(spec.classLabels);

  const graph = spec.style === "ml-linear"
    ? mlLinearGraph(labels, scoreRows, scoreIntercepts, binary, spec.zipmap, F)
    : matmulGraph(labels, scoreRows, scoreIntercepts, binary, spec.zipmap, F);
  const imitatesSkl2onnx = spec.style === "ml-linear" || spec.zipmap;
  return encodeModel({
    graph,
    opsets: imitatesSkl2onnx ? { ...SKL2ONNX_OPSETS } : { "": 17 },
    ...(imitatesSkl2onnx ? SKL2ONNX_PRODUCER : {}),
    metadata: spec.metadata,
  });
}

function mlLinearGraph(labels: TClassLabels, rows: number[][], intercepts: number[], binary: boolean, zipmap: boolean, F: number): onnx.IGraphProto {
  const C = rows.length;
  const linear = node("LinearClassifier", [SKL2ONNX_INPUT], ["label", binary ? "probabilities" : "probability_tensor"], {
    domain: "ai.onnx.ml",
    attrs: {
      coefficients: floats(rows.flat()),
      intercepts: floats(intercepts),
      multi_class: int(binary ? 0 : 1),
      post_transform: str(binary ? "LOGISTIC" : "SOFTMAX"),
      ...classifierLabelAttrs(labels, "classlabels_ints"),
    },
  });
  // For multinomial models skl2onnx adds an L1 Normalizer so that rows sum to exactly 1.
  const nodes = binary ? [linear] : [linear, node("Normalizer", ["probability_tensor"], ["probabilities"], { domain: "ai.onnx.ml", attrs: { norm: str("L1") } })];
  if (zipmap) {
    const tail = zipMapTail(labels, "label", "probabilities");
    return { name: "LogisticRegression", input: [floatInput(F)], node: [...nodes, ...tail.nodes], output: tail.outputs };
  }
  return { name: "LogisticRegression", input: [floatInput(F)], node: nodes, output: plainOutputs(labels, "label", "probabilities", C) };
}

function matmulGraph(labels: TClassLabels, rows: number[][], intercepts: number[], binary: boolean, zipmap: boolean, F: number): onnx.IGraphProto {
  const C = rows.length;
  if (binary && !zipmap) {
    return {
      name: "LogisticRegression",
      input: [floatInput(F)],
      initializer: [floatTensor("coef", [F, 1], rows[1]), floatTensor("intercept", [1], [intercepts[1]])],
      node: [
        node("MatMul", [SKL2ONNX_INPUT, "coef"], ["multiplied"]),
        node("Add", ["multiplied", "intercept"], ["raw_scores"]),
        node("Sigmoid", ["raw_scores"], ["probability"]),
      ],
      output: [tensorInfo("probability", DataType.FLOAT, [null, 1])],
    };
  }
  // Weights as [F, C] so that MatMul gives one score column per class.
  const coef = Array.from({ length: F }, (_, f) => rows.map((r) => r[f])).flat();
  const classes = "ints" in labels ? int64Tensor("classes", [C], labels.ints) : stringTensor("classes", [C], labels.strings);
  const nodes = [
    node("MatMul", [SKL2ONNX_INPUT, "coef"], ["multiplied"]),
    node("Add", ["multiplied", "intercept"], ["raw_scores"]),
    binary ? node("Sigmoid", ["raw_scores"], ["probabilities"]) : node("Softmax", ["raw_scores"], ["probabilities"], { attrs: { axis: int(1) } }),
    node("ArgMax", ["raw_scores"], ["label_index"], { attrs: { axis: int(1), keepdims: int(0) } }),
    node("Gather", ["classes", "label_index"], ["label"], { attrs: { axis: int(0) } }),
  ];
  const initializer = [floatTensor("coef", [F, C], coef), floatTensor("intercept", [C], intercepts), classes];
  if (zipmap) {
    const tail = zipMapTail(labels, "label", "probabilities");
    return { name: "LogisticRegression", input: [floatInput(F)], initializer, node: [...nodes, ...tail.nodes], output: tail.outputs };
  }
  return { name: "LogisticRegression", input: [floatInput(F)], initializer, node: nodes, output: plainOutputs(labels, "label", "probabilities", C) };
}
