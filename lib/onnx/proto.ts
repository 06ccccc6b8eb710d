import { onnx } from "onnx-proto";

// Small readers over onnx-proto's decoded messages, shared by the signature, the checks and the
// rewrites. protobufjs decodes int64 fields as Long objects (the `long` package is installed), and
// unset fields read as prototype defaults, so every reader here normalises both.

type TLongLike = { toNumber(): number };
export type TIntLike = number | TLongLike | null | undefined;

export function toNumber(value: TIntLike): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") return value;
  return value.toNumber();
}

// TensorProto.DataType numbers to the names onnxruntime-node uses for Tensor types. The enum in
// onnx-proto stops at ONNX 1.10; later types (float8, int4, …) arrive as bare numbers.
const ELEM_TYPE_NAMES: Record<number, string> = {
  0: "undefined",
  1: "float32",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  8: "string",
  9: "bool",
  10: "float16",
  11: "float64",
  12: "uint32",
  13: "uint64",
  14: "complex64",
  15: "complex128",
  16: "bfloat16",
  17: "float8e4m3fn",
  18: "float8e4m3fnuz",
  19: "float8e5m2",
  20: "float8e5m2fnuz",
  21: "uint4",
  22: "int4",
  23: "float4e2m1",
  24: "float8e8m0",
};

export function elemTypeName(dataType: number | null | undefined): string {
  const n = dataType ?? 0;
  return ELEM_TYPE_NAMES[n] ?? `unknown(${n})`;
}

/** "float32" for a tensor, "sequence<map<int64,float32>>" for what a ZipMap emits, and so on. */
export function describeType(type: onnx.ITypeProto | null | undefined): string {
  if (!type) return "unknown";
  if (type.tensorType) return elemTypeName(type.tensorType.elemType);
  if (type.sequenceType) return `sequence<${describeType(type.sequenceType.elemType)}>`;
  if (type.mapType) return `map<${elemTypeName(type.mapType.keyType)},${describeType(type.mapType.valueType)}>`;
  if (type.optionalType) return `optional<${describeType(type.optionalType.elemType)}>`;
  if (type.sparseTensorType) return `sparse_tensor<${elemTypeName(type.sparseTensorType.elemType)}>`;
  return "unknown";
}

export function dimOf(d: onnx.TensorShapeProto.IDimension): number | string | null {
  // dim_value and dim_param are a oneof: the unset member decodes as null, not as 0 or "".
  if (d.dimValue !== null && d.dimValue !== undefined) return toNumber(d.dimValue);
  return d.dimParam ? d.dimParam : null;
}

export function attr(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

export function attrString(node: onnx.INodeProto, name: string): string | undefined {
  const a = attr(node, name);
  return a?.s ? new TextDecoder().decode(a.s) : undefined;
}

export function attrStrings(node: onnx.INodeProto, name: string): string[] | undefined {
  const a = attr(node, name);
  if (!a?.strings || a.strings.length === 0) return undefined;
  const dec = new TextDecoder();
  return a.strings.map((s) => dec.decode(s));
}

export function attrInts(node: onnx.INodeProto, name: string): number[] | undefined {
  const a = attr(node, name);
  if (!a?.ints || a.ints.length === 0) return undefined;
  return a.ints.map((v) => toNumber(v as TIntLike));
}

/** Every graph of the model: the main graph, then the bodies of If/Loop/Scan nodes, depth first. */
export function allGraphs(graph: onnx.IGraphProto | null | undefined): onnx.IGraphProto[] {
  if (!graph) return [];
  const out: onnx.IGraphProto[] = [graph];
  for (const node of graph.node ?? []) {
    for (const a of node.attribute ?? []) {
      if (a.g) out.push(...allGraphs(a.g));
      for (const g of a.graphs ?? []) out.push(...allGraphs(g));
    }
  }
  return out;
}

/** Every node of the model, subgraphs and local functions included. */
export function allNodes(model: onnx.IModelProto): onnx.INodeProto[] {
  const nodes = allGraphs(model.graph).flatMap((g) => g.node ?? []);
  for (const f of model.functions ?? []) nodes.push(...(f.node ?? []));
  return nodes;
}

export function isExternalTensor(t: onnx.ITensorProto | null | undefined): boolean {
  if (!t) return false;
  return t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0;
}
