import type { onnx } from "onnx-proto";
import { encodeModel } from "@/lib/onnx/build/encode-model";
import { DataType, floats, floatTensor, int64Tensor, node, tensorInfo } from "@/lib/onnx/build/nodes";
import { floatInput, SKL2ONNX_INPUT, SKL2ONNX_OPSETS, SKL2ONNX_PRODUCER } from "@/lib/onnx/build/skl2onnx-style";

export type TLinearRegressorSpec = {
  coefficients: number[];
  intercept: number;
  featureNames: string[];
  /**
   * "ml-linear": ai.onnx.ml LinearRegressor, what skl2onnx writes for LinearRegression on float input.
   * "matmul": MatMul + Add + Reshape, skl2onnx's path for double input or when LinearRegressor is
   * not allowed. Both output `variable` [N, 1].
   */
  style?: "ml-linear" | "matmul";
  metadata?: Record<string, string>;
};

/** Builds a linear regression model and returns the encoded ONNX bytes. */
export function buildLinearRegressor(spec: TLinearRegressorSpec): Uint8Array {
  const F = spec.featureNames.length;
  if (spec.coefficients.length !== F) throw new Error(`expected ${F} coefficients (one per feature), got ${spec.coefficients.length}`);
  const output = tensorInfo("variable", DataType.FLOAT, [null, 1]);
  let graph: onnx.IGraphProto;
  if ((spec.style ?? "ml-linear") === "ml-linear") {
    graph = {
      name: "LinearRegression",
      input: [floatInput(F)],
      node: [node("LinearRegressor", [SKL2ONNX_INPUT], ["variable"], {
        domain: "ai.onnx.ml",
        attrs: { coefficients: floats(spec.coefficients), intercepts: floats([spec.intercept]) },
      })],
      output: [output],
    };
  } else {
    graph = {
      name: "LinearRegression",
      input: [floatInput(F)],
      initializer: [
        floatTensor("coef", [F, 1], spec.coefficients),
        floatTensor("intercept", [1], [spec.intercept]),
        int64Tensor("shape_tensor", [2], [-1, 1]),
      ],
      node: [
        node("MatMul", [SKL2ONNX_INPUT, "coef"], ["multiplied"]),
        node("Add", ["multiplied", "intercept"], ["resh"]),
        node("Reshape", ["resh", "shape_tensor"], ["variable"]),
      ],
      output: [output],
    };
  }
  return encodeModel({ graph, opsets: { ...SKL2ONNX_OPSETS }, ...SKL2ONNX_PRODUCER, metadata: spec.metadata });
}
