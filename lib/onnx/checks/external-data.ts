import type { onnx } from "onnx-proto";
import { allGraphs, allNodes, isExternalTensor } from "@/lib/onnx/proto";
import type { TCheckOutcome } from "@/lib/onnx/types";

/**
 * Fails when any tensor keeps its data outside the file (data_location EXTERNAL or external_data
 * entries). onnxruntime would open the referenced path relative to the model, so an uploaded model
 * could read arbitrary files on the worker (the path traversal of CVE-2022-25882 and CVE-2024-27318
 * in onnx's own loader); and the artifact alone would not be the whole model anyway.
 */
export function checkExternalData(model: onnx.IModelProto): TCheckOutcome {
  const names: string[] = [];
  for (const g of allGraphs(model.graph)) {
    for (const t of g.initializer ?? []) if (isExternalTensor(t)) names.push(label(t, "initializer"));
    for (const s of g.sparseInitializer ?? []) {
      if (isExternalTensor(s.values) || isExternalTensor(s.indices)) names.push(label(s.values ?? {}, "sparse initializer"));
    }
  }
  for (const n of allNodes(model)) {
    for (const a of n.attribute ?? []) {
      const tensors = [a.t, ...(a.tensors ?? []), a.sparseTensor?.values, a.sparseTensor?.indices];
      if (tensors.some(isExternalTensor)) names.push(`attribute '${a.name}' of ${n.opType} node '${n.name || n.output?.[0] || "?"}'`);
    }
  }
  if (names.length === 0) return { ok: true, message: "all tensors are stored inside the file", value: undefined };
  return {
    ok: false,
    message: `the model keeps tensor data in external files, which intake does not accept: ${names.slice(0, 10).join(", ")}${names.length > 10 ? ` and ${names.length - 10} more` : ""}. Re-export with the weights embedded (onnx.save_model(..., save_as_external_data=False))`,
    details: { tensors: names },
  };
}

function label(t: onnx.ITensorProto, kind: string): string {
  const location = (t.externalData ?? []).find((e) => e.key === "location")?.value;
  return `${kind} '${t.name ?? "?"}'${location ? ` (in '${location}')` : ""}`;
}
