import type { TCheckOutcome, TSignature } from "@/lib/onnx/types";

// Element types onnxruntime-node can build a Tensor from (onnxruntime-common Tensor.Type, minus the
// GPU-only and 4-bit types). bfloat16, complex and float8 inputs cannot be fed from JavaScript.
export const FEEDABLE_ELEM_TYPES = [
  "float32", "float64", "float16",
  "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
  "bool", "string",
] as const;

/** Fails naming every input that is not a tensor of a type onnxruntime-node can be fed with. */
export function checkFeedableInputs(signature: TSignature): TCheckOutcome {
  if (signature.inputs.length === 0) return { ok: false, message: "the model has no inputs to feed" };
  const feedable = new Set<string>(FEEDABLE_ELEM_TYPES);
  const bad = signature.inputs.filter((i) => !i.isTensor || !feedable.has(i.elemType));
  if (bad.length === 0) {
    const list = signature.inputs.map((i) => `${i.name}: ${i.elemType}`).join(", ");
    return { ok: true, message: `${signature.inputs.length} input${signature.inputs.length > 1 ? "s" : ""} (${list})`, value: undefined };
  }
  const parts = bad.map((i) => `input '${i.name}' has type ${i.elemType}${i.isTensor ? "" : " (not a tensor)"}`);
  return {
    ok: false,
    message: `${parts.join("; ")}; the runtime can only be fed tensors of ${FEEDABLE_ELEM_TYPES.join(", ")}`,
    details: { inputs: bad.map((i) => ({ name: i.name, elemType: i.elemType })) },
  };
}
