import type { InferenceSession, Tensor } from "onnxruntime-node";
import type { TFeatureSchema } from "@/lib/onnx/types";

type TOrt = typeof import("onnxruntime-node");

// Collects parsed rows into the tensors the model takes: one [B, F] matrix, or one [B, 1] column per
// feature. Typed arrays are allocated once per builder and refilled; the tensors returned by feeds()
// are views of them, so a builder must not be refilled until the run that reads them has finished.
export type TFeedBuilder = {
  /** Whether feature j takes numbers (setNumber) rather than text (set). */
  readonly numeric: readonly boolean[];
  set(row: number, feature: number, value: number | string): void;
  /** The per-cell fast path of the evaluation loop: no type dispatch beyond the input's own. */
  setNumber(row: number, feature: number, value: number): void;
  feeds(rows: number): InferenceSession.FeedsType;
};

export function createFeedBuilder(ort: TOrt, schema: TFeatureSchema, inputTypes: Record<string, string>, batchSize: number): TFeedBuilder {
  const F = schema.features.length;
  if (schema.layout === "matrix") {
    const name = schema.inputName!;
    const type = inputTypes[name] ?? "float32";
    const data = allocate(type, batchSize * F);
    const setAt = numberWriter(data, type);
    return {
      numeric: schema.features.map((f) => isNumericType(inputTypes[name] ?? f.type)),
      set(row, feature, value) {
        write(data, row * F + feature, value, type);
      },
      setNumber(row, feature, value) {
        setAt(row * F + feature, value);
      },
      feeds(rows) {
        return { [name]: new ort.Tensor(type as Tensor.Type, slice(data, rows * F), [rows, F]) };
      },
    };
  }
  const columns = schema.features.map((f) => {
    const type = inputTypes[f.name] ?? f.type;
    const data = allocate(type, batchSize);
    return { name: f.name, type, data, setAt: numberWriter(data, type) };
  });
  return {
    numeric: columns.map((c) => isNumericType(c.type)),
    set(row, feature, value) {
      const c = columns[feature];
      write(c.data, row, value, c.type);
    },
    setNumber(row, feature, value) {
      columns[feature].setAt(row, value);
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

// `write` for a number, with the type decided once per array instead of once per cell.
function numberWriter(data: TData, type: string): (i: number, value: number) => void {
  if (type === "string") return (i, value) => ((data as string[])[i] = String(value));
  if (type === "int64") return (i, value) => ((data as BigInt64Array)[i] = BigInt(Math.trunc(value)));
  const numbers = data as Float32Array | Float64Array | Int32Array;
  return (i, value) => (numbers[i] = value);
}

function slice(data: TData, n: number): TData {
  if (Array.isArray(data)) return data.length === n ? data : data.slice(0, n);
  return data.length === n ? data : (data.subarray(0, n) as TData);
}

export function isNumericType(type: string): boolean {
  return type !== "string";
}

/**
 * Fills row `row` of the builder from a CSV record, feature j from the cell at record[cols[j]]: text
 * as it is, numbers parsed. Returns -1, or the index of the first numeric feature whose cell is not a
 * number (a blank cell included); the row is then part-filled and the caller skips or refuses it.
 */
export function fillRowFromCells(builder: TFeedBuilder, row: number, record: string[], cols: readonly number[]): number {
  const numeric = builder.numeric;
  for (let j = 0; j < cols.length; j++) {
    const cell = record[cols[j]];
    if (!numeric[j]) {
      builder.set(row, j, cell);
      continue;
    }
    // Number("") and Number("  ") are 0: a blank cell is told apart only when the value is 0.
    const v = Number(cell);
    if (!Number.isFinite(v) || (v === 0 && cell.trim() === "")) return j;
    builder.setNumber(row, j, v);
  }
  return -1;
}
