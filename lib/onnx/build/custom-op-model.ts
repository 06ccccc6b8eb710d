import { encodeModel } from "@/lib/onnx/build/encode-model";
import { DataType, floatTensor, node, tensorInfo } from "@/lib/onnx/build/nodes";

/**
 * A model that needs a custom operator (`FancyOp` in domain "com.example.custom"), i.e. a native
 * custom-op library that onnxruntime would have to load. Used to test that intake refuses it.
 */
export function buildCustomOpModel(options: { featureCount?: number; domain?: string; opType?: string } = {}): Uint8Array {
  const F = options.featureCount ?? 4;
  const domain = options.domain ?? "com.example.custom";
  return encodeModel({
    graph: {
      name: "custom_op",
      input: [tensorInfo("float_input", DataType.FLOAT, [null, F])],
      initializer: [floatTensor("coef", [F, 1], Array.from({ length: F }, (_, i) => (i + 1) / F))],
      node: [
        node("MatMul", ["float_input", "coef"], ["scores"]),
        node(options.opType ?? "FancyOp", ["scores"], ["variable"], { domain }),
      ],
      output: [tensorInfo("variable", DataType.FLOAT, [null, 1])],
    },
    opsets: { "": 17, [domain]: 1 },
  });
}
