import type { InferenceSession, Tensor } from "onnxruntime-node";
import type { TFeatureSchema } from "@/lib/onnx/types";

type TOrt = typeof import("onnxruntime-node");

// Collects parsed rows into the tensors the model takes: one [B, F] matrix, or one [B, 1] column per
// feature. Typed arrays are allocated once per batch size and refilled.
export type TFeedBuilder = {
  set(row: number, feature: number, value: number | string): void;
  feeds(rows: number): InferenceSession.FeedsType;
};

export function createFeedBuilder(ort: TOrt, schema: TFeatureSchema, inputTypes: Record<string, string>, batchSize: number): TFeedBuilder {
  const F = schema.features.length;
  if (schema.layout === "matrix") {
    const name = schema.inputName!;
    const type = inputTypes[name] ?? "float32";
    const data = allocate(type, batchSize * F);
    return {
      set(row, feature, value) {
        write(data, row * F + feature, value, type);
      },
      feeds(rows) {
        return { [name]: new ort.Tensor(type as Tensor.Type, slice(data, rows * F), [rows, F]) };
      },
    };
  }
  const columns = schema.features.map((f) => {
    const type = inputTypes[f.name] ?? f.type;
    return { name: f.name, type, data: allocate(type, batchSize) };
  });
  return {
    set(row, feature, value) {
      const c = columns[feature];
      write(c.data, row, value, c.type);
    },
    feeds(rows) {
      const out: Record<string, Tensor> = {};
      for (const c of columns) out[c.name] = new ort.Tensor(c.type as Tensor.Type, slice(c.data, rows), [rows, 1]);
      return out;
    },
  };
}

type TData = Float32Array | Float64Array | Int32Array | BigInt64Array | string[];

function allocate(type: string, n: number): TData {
  switch (type) {
    case "float64": return new Float64Array(n);
    case "int32": return new Int32Array(n);
    case "int64": return new BigInt64Array(n);
    case "string": return new Array<string>(n).fill("");
    default: return new Float32Array(n);
  }
}

function write(data: TData, i: number, value: number | string, type: string): void {
  if (type === "string") (data as string[])[i] = String(value);
  else if (type === "int64") (data as BigInt64Array)[i] = BigInt(Math.trunc(value as number));
  else (data as Float32Array)[i] = value as number;
}

function slice(data: TData, n: number): TData {
  if (Array.isArray(data)) return data.length === n ? data : data.slice(0, n);
  return data.length === n ? data : (data.subarray(0, n) as TData);
}

export function isNumericType(type: string): boolean {
  return type !== "string";
}
