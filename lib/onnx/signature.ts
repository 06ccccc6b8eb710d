import type { onnx } from "onnx-proto";
import { allGraphs, allNodes, describeType, dimOf, toNumber } from "@/lib/onnx/proto";
import type { TSignature, TValueInfo } from "@/lib/onnx/types";

/**
 * The model's signature as plain JSON: what to feed, what comes out, which opsets and operators it
 * needs, and who produced it. Stored on the version and used by every later check and by serving.
 */
export function extractSignature(model: onnx.IModelProto): TSignature {
  const graph = model.graph ?? {};
  // IR < 4 required initializers to be listed as graph inputs too; they are weights, not inputs.
  const initializerNames = new Set((graph.initializer ?? []).map((t) => t.name ?? ""));
  const inputs = (graph.input ?? []).filter((i) => !initializerNames.has(i.name ?? "")).map(valueInfo);

  const nodes = allNodes(model);
  const domains = new Set<string>();
  const opTypes = new Set<string>();
  for (const n of nodes) {
    const domain = n.domain ?? "";
    domains.add(domain);
    opTypes.add(domain === "" || domain === "ai.onnx" ? (n.opType ?? "") : `${domain}:${n.opType ?? ""}`);
  }

  const metadataProps: Record<string, string> = {};
  for (const p of model.metadataProps ?? []) {
    if (p.key) metadataProps[p.key] = p.value ?? "";
  }

  const initializerCount = allGraphs(model.graph).reduce(
    (sum, g) => sum + (g.initializer?.length ?? 0) + (g.sparseInitializer?.length ?? 0),
    0,
  );

  return {
    irVersion: toNumber(model.irVersion),
    producerName: model.producerName ?? "",
    producerVersion: model.producerVersion ?? "",
    domain: model.domain ?? "",
    modelVersion: toNumber(model.modelVersion),
    docString: model.docString ?? "",
    opsetImports: (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? "", version: toNumber(o.version) })),
    inputs,
    outputs: (graph.output ?? []).map(valueInfo),
    metadataProps,
    operatorDomains: [...domains].sort(),
    operatorTypes: [...opTypes].sort(),
    nodeCount: nodes.length,
    initializerCount,
  };
}

function valueInfo(v: onnx.IValueInfoProto): TValueInfo {
  const tensor = v.type?.tensorType;
  const info: TValueInfo = {
    name: v.name ?? "",
    elemType: describeType(v.type),
    isTensor: Boolean(tensor),
    shape: tensor?.shape ? (tensor.shape.dim ?? []).map(dimOf) : [],
    shapeKnown: Boolean(tensor?.shape),
  };
  if (v.docString) info.docString = v.docString;
  return info;
}
