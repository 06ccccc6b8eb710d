import type { TFeed, TTensorData } from "@/lib/onnx/inference-runner";
import type { TSignature, TValueInfo } from "@/lib/onnx/types";

export const SMOKE_BATCH = 4;

/**
 * Deterministic input for a smoke inference: every input of the signature, SMOKE_BATCH rows (or
 * the fixed batch size the model declares). Dynamic feature dimensions take the number of declared
 * features when there is a single [N, F] input, else 1 (one-input-per-feature models). Values are
 * small and varied, so that a model dividing by a feature or taking a log still sees non-zeros.
 */
export function syntheticFeeds(signature: TSignature, declaredFeatureCount: number): TFeed[] {
  const single = signature.inputs.length === 1;
  return signature.inputs.map((input, inputIndex) => {
    const dims = feedDims(input, single ? declaredFeatureCount : 0);
    const size = dims.reduce((a, b) => a * b, 1);
    return { name: input.name, type: input.elemType, dims, data: values(input.elemType, size, inputIndex) };
  });
}

function feedDims(input: TValueInfo, declaredFeatureCount: number): number[] {
  if (!input.shapeKnown || input.shape.length === 0) return input.shapeKnown ? [] : [SMOKE_BATCH];
  return input.shape.map((d, axis) => {
    if (typeof d === "number" && d > 0) return d;
    if (axis === 0) return SMOKE_BATCH;
    if (axis === 1 && input.shape.length === 2) return declaredFeatureCount > 0 ? declaredFeatureCount : 1;
    return 1;
  });
}

// A fixed, irregular sequence in [-1.5, 2.5]: the same every run, never all equal.
function value(i: number, salt: number): number {
  return (((i * 7919 + salt * 104729) % 97) / 97) * 4 - 1.5;
}

function values(type: string, size: number, salt: number): TTensorData {
  const at = (i: number) => value(i, salt);
  switch (type) {
    case "float32": return Float32Array.from({ length: size }, (_, i) => at(i));
    case "float64": return Float64Array.from({ length: size }, (_, i) => at(i));
    case "float16": return Uint16Array.from({ length: size }, (_, i) => toHalf(at(i)));
    case "int8": return Int8Array.from({ length: size }, (_, i) => i % 4);
    case "uint8": return Uint8Array.from({ length: size }, (_, i) => i % 4);
    case "int16": return Int16Array.from({ length: size }, (_, i) => i % 4);
    case "uint16": return Uint16Array.from({ length: size }, (_, i) => i % 4);
    case "int32": return Int32Array.from({ length: size }, (_, i) => i % 4);
    case "uint32": return Uint32Array.from({ length: size }, (_, i) => i % 4);
    case "int64": return BigInt64Array.from({ length: size }, (_, i) => BigInt(i % 4));
    case "uint64": return BigUint64Array.from({ length: size }, (_, i) => BigInt(i % 4));
    case "bool": return Uint8Array.from({ length: size }, (_, i) => i % 2);
    case "string": return Array.from({ length: size }, (_, i) => `value_${i % 4}`);
    default: throw new Error(`cannot build synthetic input of type ${type}`);
  }
}

// IEEE 754 binary16 bits for a float in the small range used above (no NaN/Inf/subnormals needed).
function toHalf(x: number): number {
  if (x === 0) return 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  let exp = Math.floor(Math.log2(a));
  let mantissa = Math.round((a / 2 ** exp - 1) * 1024);
  if (mantissa === 1024) {
    exp += 1;
    mantissa = 0;
  }
  return sign | ((exp + 15) << 10) | mantissa;
}
