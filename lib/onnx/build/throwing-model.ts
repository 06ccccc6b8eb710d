import { encodeModel } from "@/lib/onnx/build/encode-model";
import { DataType, floatTensor, int64Tensor, node, tensorInfo } from "@/lib/onnx/build/nodes";

/**
 * A model that loads fine but fails at run time: it reshapes its [N, F] input to a fixed [3, 7],
 * which no batch of F-wide rows fits. The session is created (shapes are dynamic then); the smoke
 * inference throws onnxruntime's "cannot reshape" error.
 */
export function buildThrowingModel(options: { featureCount?: number } = {}): Uint8Array {
  const F = options.featureCount ?? 4;
  return encodeModel({
    graph: {
      name: "throws_at_run",
      input: [tensorInfo("float_input", DataType.FLOAT, [null, F])],
      initializer: [
        int64Tensor("bad_shape", [2], [3, 7]),
        floatTensor("coef", [7, 1], [1, 1, 1, 1, 1, 1, 1]),
      ],
      node: [
        node("Reshape", ["float_input", "bad_shape"], ["reshaped"]),
        node("MatMul", ["reshaped", "coef"], ["variable"]),
      ],
      output: [tensorInfo("variable", DataType.FLOAT, [null, 1])],
    },
    opsets: { "": 17 },
  });
}
