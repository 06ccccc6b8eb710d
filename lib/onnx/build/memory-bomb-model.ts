import { encodeModel } from "@/lib/onnx/build/encode-model";
import { DataType, floatTensor, int, int64Tensor, node, tensorAttr, tensorInfo } from "@/lib/onnx/build/nodes";

/**
 * A hostile model: tiny on disk, valid, standard operators only, but each input row makes
 * onnxruntime allocate and fill `megabytesPerRow` MB (ConstantOfShape of [N, big] floats, then a
 * ReduceSum that reads it all). The shape depends on the batch size, so nothing is allocated when
 * the session is created: the memory grows during inference, which is what the sandbox must stop.
 */
export function buildMemoryBombModel(options: { featureCount?: number; megabytesPerRow?: number } = {}): Uint8Array {
  const F = options.featureCount ?? 4;
  const floatsPerRow = Math.floor(((options.megabytesPerRow ?? 1024) * 1024 * 1024) / 4);
  return encodeModel({
    graph: {
      name: "memory_bomb",
      input: [tensorInfo("float_input", DataType.FLOAT, [null, F])],
      initializer: [
        int64Tensor("zero", [1], [0]),
        int64Tensor("one", [1], [1]),
        int64Tensor("row_width", [1], [floatsPerRow]),
        int64Tensor("axis_one", [1], [1]),
        // Scales the sum back to about one per row, so the output looks like a score.
        floatTensor("per_element", [], [1 / floatsPerRow]),
      ],
      node: [
        node("Shape", ["float_input"], ["input_shape"]),
        node("Slice", ["input_shape", "zero", "one"], ["batch"]),
        node("Concat", ["batch", "row_width"], ["huge_shape"], { attrs: { axis: int(0) } }),
        node("ConstantOfShape", ["huge_shape"], ["huge"], { attrs: { value: tensorAttr(floatTensor("fill", [1], [1])) } }),
        node("ReduceSum", ["huge", "axis_one"], ["total"], { attrs: { keepdims: int(1) } }),
        node("Mul", ["total", "per_element"], ["variable"]),
      ],
      output: [tensorInfo("variable", DataType.FLOAT, [null, 1])],
    },
    opsets: { "": 17 },
  });
}
