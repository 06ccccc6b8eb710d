import type { InferenceSession } from "onnxruntime-node";
import type { TOutputSpec, TTask } from "@/lib/onnx/types";

export type TScoreReaderSpec = { task: TTask; outputs: TOutputSpec; classLabels: string[]; positiveClass: string | null };

/**
 * Reads a scored batch the one way evaluation (lib/evaluation/evaluate-dataset.ts) and online serving
 * (lib/serving) both read it, whatever shape the model gives:
 * - binary: P(positive class) per row, from a per-class matrix [N, C] (ZipMap removed at intake, or
 *   label + probability tensor pairs) or from a single sigmoid column [N, 1] / [N];
 * - multiclass: the per-class probabilities, row-major [rows × classes], in `classLabels` order;
 * - regression: the value per row, from [N, 1] or [N] (the first column of a wider output).
 */
export type TScoreReader = {
  /** The one output to fetch from the session. */
  output: string;
  /** Binary: the index of the positive class in `classLabels`; -1 for the other tasks. */
  positive: number;
  classLabels: string[];
  /** Scores of the first `rows` rows. May be a view of the output or a reused buffer: read it before the next call. */
  read(out: InferenceSession.ReturnType, rows: number): Float32Array | Float64Array;
};

/** Throws an Error whose message says what the model lacks when its outputs cannot be read for the task. */
export function createScoreReader(spec: TScoreReaderSpec, batchSize: number): TScoreReader {
  const output = spec.task === "regression" ? spec.outputs.value : spec.outputs.probabilities;
  if (!output) throw new Error(spec.task === "regression" ? "the model has no value output to evaluate" : "the model has no probability output to evaluate");
  const scoresOf = (out: InferenceSession.ReturnType) => out[output].data as Float32Array | Float64Array;

  if (spec.task === "binary") {
    const positive = positiveIndex(spec);
    const column = positiveColumn(positive, spec.outputs.probabilityColumns, batchSize);
    return { output, positive, classLabels: spec.classLabels, read: (out, rows) => column(scoresOf(out), rows) };
  }
  if (spec.task === "multiclass") {
    const k = spec.classLabels.length;
    return {
      output, positive: -1, classLabels: spec.classLabels,
      read(out, rows) {
        const all = scoresOf(out);
        return all.length === rows * k ? all : all.subarray(0, rows * k);
      },
    };
  }
  return {
    output, positive: -1, classLabels: spec.classLabels,
    read(out, rows) {
      const all = scoresOf(out);
      return all.length === rows ? all : Float64Array.from({ length: rows }, (_, i) => all[i * (all.length / rows)]);
    },
  };
}

function positiveIndex(spec: TScoreReaderSpec): number {
  if (spec.classLabels.length !== 2) throw new Error(`a binary model needs exactly 2 classes; this one has ${spec.classLabels.length} (${spec.classLabels.join(", ")})`);
  if (spec.positiveClass === null) return 1;
  const k = spec.classLabels.indexOf(spec.positiveClass);
  if (k < 0) throw new Error(`the positive class '${spec.positiveClass}' is not one of the model's classes`);
  return k;
}

// Binary scores are P(positive): one column of a per-class matrix, or the single column itself. The
// column is copied into a reused array of the output's own type, so float32 scores stay float32.
function positiveColumn(positive: number, columns: string | undefined, batchSize: number): (scores: Float32Array | Float64Array, rows: number) => Float32Array | Float64Array {
  let buffer: Float32Array | Float64Array | null = null;
  return (scores, rows) => {
    if (columns === "positive" || scores.length === rows) return scores.length === rows ? scores : scores.subarray(0, rows);
    if (!buffer || buffer.constructor !== scores.constructor || buffer.length < rows) {
      const size = Math.max(batchSize, rows);
      buffer = scores instanceof Float32Array ? new Float32Array(size) : new Float64Array(size);
    }
    const out = buffer.subarray(0, rows);
    const width = scores.length / rows;
    for (let i = 0; i < rows; i++) out[i] = scores[i * width + positive];
    return out;
  };
}
