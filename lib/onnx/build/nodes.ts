import { onnx } from "onnx-proto";

// Terse constructors for the pieces of an ONNX graph, used by the model builders in this folder.
// Values go through protobufjs `create`, so encoding is deterministic: same inputs, same bytes.

const T = onnx.TensorProto.DataType;
const A = onnx.AttributeProto.AttributeType;
const utf8 = new TextEncoder();

export type TAttrValue = number | string | number[] | string[] | onnx.ITensorProto | onnx.IGraphProto;
export type TAttrSpec = { kind: "int" | "float" | "ints" | "floats" | "string" | "strings" | "tensor" | "graph"; value: TAttrValue };

export const ints = (value: number[]): TAttrSpec => ({ kind: "ints", value });
export const floats = (value: number[]): TAttrSpec => ({ kind: "floats", value });
export const int = (value: number): TAttrSpec => ({ kind: "int", value });
export const float = (value: number): TAttrSpec => ({ kind: "float", value });
export const str = (value: string): TAttrSpec => ({ kind: "string", value });
export const strs = (value: string[]): TAttrSpec => ({ kind: "strings", value });
export const tensorAttr = (value: onnx.ITensorProto): TAttrSpec => ({ kind: "tensor", value });
export const graphAttr = (value: onnx.IGraphProto): TAttrSpec => ({ kind: "graph", value });

function attribute(name: string, spec: TAttrSpec): onnx.IAttributeProto {
  switch (spec.kind) {
    case "int": return { name, type: A.INT, i: spec.value as number };
    case "float": return { name, type: A.FLOAT, f: spec.value as number };
    case "ints": return { name, type: A.INTS, ints: spec.value as number[] };
    case "floats": return { name, type: A.FLOATS, floats: spec.value as number[] };
    case "string": return { name, type: A.STRING, s: utf8.encode(spec.value as string) };
    case "strings": return { name, type: A.STRINGS, strings: (spec.value as string[]).map((s) => utf8.encode(s)) };
    case "tensor": return { name, type: A.TENSOR, t: spec.value as onnx.ITensorProto };
    case "graph": return { name, type: A.GRAPH, g: spec.value as onnx.IGraphProto };
  }
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  options: { name?: string; domain?: string; attrs?: Record<string, TAttrSpec> } = {},
): onnx.INodeProto {
  return {
    opType,
    input: inputs,
    output: outputs,
    name: options.name ?? opType,
    domain: options.domain ?? "",
    attribute: Object.entries(options.attrs ?? {}).map(([k, v]) => attribute(k, v)),
  };
}

type TDimSpec = number | string | null;

function shape(dims: TDimSpec[]): onnx.ITensorShapeProto {
  return { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : typeof d === "string" ? { dimParam: d } : {})) };
}

/** A tensor value_info; `null` dims are unknown, as skl2onnx writes the batch dimension. */
export function tensorInfo(name: string, elemType: number, dims: TDimSpec[] | null): onnx.IValueInfoProto {
  return { name, type: { tensorType: dims === null ? { elemType } : { elemType, shape: shape(dims) } } };
}

/** The output type a ZipMap produces: sequence<map<int64|string, float32>>. */
export function zipMapInfo(name: string, keyType: "int64" | "string"): onnx.IValueInfoProto {
  return {
    name,
    type: { sequenceType: { elemType: { mapType: { keyType: keyType === "int64" ? T.INT64 : T.STRING, valueType: { tensorType: { elemType: T.FLOAT } } } } } },
  };
}

export function floatTensor(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  return { name, dataType: T.FLOAT, dims, floatData: values };
}

export function int64Tensor(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  return { name, dataType: T.INT64, dims, int64Data: values };
}

export function stringTensor(name: string, dims: number[], values: string[]): onnx.ITensorProto {
  return { name, dataType: T.STRING, dims, stringData: values.map((s) => utf8.encode(s)) };
}

export { T as DataType };
