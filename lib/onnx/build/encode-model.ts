import { onnx } from "onnx-proto";

export type TModelSpec = {
  graph: onnx.IGraphProto;
  /** Opsets the graph needs, e.g. { "": 17, "ai.onnx.ml": 3 }. */
  opsets: Record<string, number>;
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  docString?: string;
  metadata?: Record<string, string>;
  /** IR 8 is what onnxruntime 1.x and skl2onnx 1.1x write for opsets ≤ 17. */
  irVersion?: number;
};

/** Encodes a ModelProto. Deterministic: the same spec always gives the same bytes. */
export function encodeModel(spec: TModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: spec.irVersion ?? 8,
    producerName: spec.producerName ?? "modelgate",
    producerVersion: spec.producerVersion ?? "0.1.0",
    domain: spec.domain ?? "",
    modelVersion: 0,
    docString: spec.docString ?? "",
    opsetImport: Object.entries(spec.opsets).map(([domain, version]) => ({ domain, version })),
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: spec.graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
