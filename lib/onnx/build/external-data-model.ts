import { onnx } from "onnx-proto";
import { encodeModel } from "@/lib/onnx/build/encode-model";
import { DataType, node, tensorAttr, tensorInfo } from "@/lib/onnx/build/nodes";

/**
 * A small linear model whose weights live in a separate file (`weights.bin`), the way
 * onnx.save_model(save_as_external_data=True) stores large models. The weights sit either in an
 * initializer or in a Constant node's tensor attribute. Used to test that intake refuses it.
 */
export function buildExternalDataModel(options: { featureCount?: number; where?: "initializer" | "constant"; location?: string } = {}): Uint8Array {
  const F = options.featureCount ?? 4;
  const weights: onnx.ITensorProto = {
    name: "coef",
    dataType: DataType.FLOAT,
    dims: [F, 1],
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: "location", value: options.location ?? "weights.bin" },
      { key: "offset", value: "0" },
      { key: "length", value: String(F * 4) },
    ],
  };
  const where = options.where ?? "initializer";
  const graph: onnx.IGraphProto = {
    name: "external_weights",
    input: [tensorInfo("float_input", DataType.FLOAT, [null, F])],
    initializer: where === "initializer" ? [weights] : [],
    node: [
      ...(where === "constant" ? [node("Constant", [], ["coef"], { attrs: { value: tensorAttr(weights) } })] : []),
      node("MatMul", ["float_input", "coef"], ["variable"]),
    ],
    output: [tensorInfo("variable", DataType.FLOAT, [null, 1])],
  };
  return encodeModel({ graph, opsets: { "": 17 } });
}
