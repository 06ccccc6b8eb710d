import { encodeModel } from "@/lib/onnx/build/encode-model";
import { DataType, floatTensor, graphAttr, int, int64Tensor, node, tensorInfo } from "@/lib/onnx/build/nodes";

/**
 * A model whose inference practically never ends: a Loop of 2^40 iterations adding 1 to a scalar.
 * Standard operators only, little memory, so only the sandbox's timeout stops it. onnxruntime-node
 * runs inference on the calling thread, so while this runs that thread handles no events at all.
 */
export function buildHangingModel(options: { featureCount?: number; iterations?: number } = {}): Uint8Array {
  const F = options.featureCount ?? 4;
  const body = {
    name: "loop_body",
    input: [tensorInfo("iteration", DataType.INT64, []), tensorInfo("cond_in", DataType.BOOL, []), tensorInfo("acc_in", DataType.FLOAT, [])],
    initializer: [floatTensor("increment", [], [1])],
    node: [node("Identity", ["cond_in"], ["cond_out"]), node("Add", ["acc_in", "increment"], ["acc_out"])],
    output: [tensorInfo("cond_out", DataType.BOOL, []), tensorInfo("acc_out", DataType.FLOAT, [])],
  };
  return encodeModel({
    graph: {
      name: "hangs_at_run",
      input: [tensorInfo("float_input", DataType.FLOAT, [null, F])],
      initializer: [
        int64Tensor("trip_count", [], [options.iterations ?? 2 ** 40]),
        { name: "keep_going", dataType: DataType.BOOL, dims: [], int32Data: [1] },
        floatTensor("acc_start", [], [0]),
        int64Tensor("axis_one", [1], [1]),
      ],
      node: [
        node("Loop", ["trip_count", "keep_going", "acc_start"], ["acc"], { attrs: { body: graphAttr(body) } }),
        node("ReduceSum", ["float_input", "axis_one"], ["row_sum"], { attrs: { keepdims: int(1) } }),
        node("Add", ["row_sum", "acc"], ["variable"]),
      ],
      output: [tensorInfo("variable", DataType.FLOAT, [null, 1])],
    },
    opsets: { "": 17 },
  });
}
