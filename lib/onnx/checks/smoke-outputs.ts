import type { TFetched } from "@/lib/onnx/inference-runner";
import type { TCheckOutcome, TOutputSpec, TTask } from "@/lib/onnx/types";

// Probabilities computed in float32 drift a little from exact: sigmoid/softmax rows sum to 1 within
// a few ulps, and a Normalizer-free LinearClassifier gives sigmoid(-z) + sigmoid(z) ≈ 1 ± 1e-7.
const RANGE_TOLERANCE = 1e-4;
const SUM_TOLERANCE = 1e-3;

export type TSmokeExpectations = {
  task: TTask;
  outputs: TOutputSpec;
  batch: number;
  /** Number of classes the model or the uploader states; 0 when neither does. */
  classCount: number;
};

/**
 * Judges the outputs of a smoke inference: one row per input row, finite numbers, probabilities in
 * [0, 1] that sum to 1 across classes, and as many probability columns as there are classes.
 * Returns the output spec with `probabilityColumns` settled from the shape actually produced.
 */
export function checkSmokeOutputs(fetched: Record<string, TFetched>, expect: TSmokeExpectations): TCheckOutcome<TOutputSpec> {
  const { batch } = expect;
  const outputs: TOutputSpec = { ...expect.outputs };
  const problems: string[] = [];
  const shapes: Record<string, number[]> = {};

  for (const name of [outputs.label, outputs.probabilities, outputs.value].filter((n): n is string => Boolean(n))) {
    const t = fetched[name];
    if (!t) {
      problems.push(`output '${name}' was not returned`);
      continue;
    }
    shapes[name] = t.dims;
    if (t.dims.length === 0 || t.dims[0] !== batch) problems.push(`output '${name}' has shape [${t.dims.join(", ")}] for ${batch} input rows; expected ${batch} rows`);
  }

  if (outputs.value && fetched[outputs.value]) {
    const t = fetched[outputs.value];
    if (t.dims.length > 2 || (t.dims.length === 2 && t.dims[1] !== 1)) problems.push(`regression output '${outputs.value}' has shape [${t.dims.join(", ")}]; expected [N] or [N, 1]`);
    const bad = nonFinite(t);
    if (bad > 0) problems.push(`regression output '${outputs.value}' has ${bad} value(s) that are not finite numbers`);
  }

  if (outputs.probabilities && fetched[outputs.probabilities]) {
    const t = fetched[outputs.probabilities];
    const name = outputs.probabilities;
    const columns = t.dims.length === 1 ? 1 : t.dims.length === 2 ? t.dims[1] : -1;
    if (columns < 1) {
      problems.push(`probability output '${name}' has shape [${t.dims.join(", ")}]; expected [N, C], [N, 1] or [N]`);
    } else {
      outputs.probabilityColumns = columns === 1 ? "positive" : "per-class";
      if (columns === 1 && expect.task === "multiclass") problems.push(`probability output '${name}' has a single column, which cannot describe a multiclass model`);
      if (columns > 1 && expect.classCount > 0 && columns !== expect.classCount) {
        problems.push(`probability output '${name}' has ${columns} columns but there are ${expect.classCount} label classes`);
      }
      if (columns > 1 && expect.task === "binary" && columns !== 2) problems.push(`the task is binary but probability output '${name}' has ${columns} columns`);
      problems.push(...probabilityProblems(name, t, columns));
    }
  }

  if (problems.length > 0) return { ok: false, message: problems.join("; "), details: { shapes } };
  const described = Object.entries(shapes).map(([n, d]) => `${n} [${d.join(", ")}]`).join(", ");
  return { ok: true, message: `${batch} synthetic rows scored; ${described}`, details: { shapes }, value: outputs };
}

function nonFinite(t: TFetched): number {
  if (t.type !== "float32" && t.type !== "float64") return 0;
  let bad = 0;
  const data = t.data as ArrayLike<number>;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) bad++;
  return bad;
}

function probabilityProblems(name: string, t: TFetched, columns: number): string[] {
  if (t.type !== "float32" && t.type !== "float64") return [`probability output '${name}' has type ${t.type}; expected float32 or float64`];
  const data = t.data as ArrayLike<number>;
  const problems: string[] = [];
  const bad = nonFinite(t);
  if (bad > 0) problems.push(`probability output '${name}' has ${bad} value(s) that are not finite numbers`);
  let outside = 0;
  for (let i = 0; i < data.length; i++) if (data[i] < -RANGE_TOLERANCE || data[i] > 1 + RANGE_TOLERANCE) outside++;
  if (outside > 0) problems.push(`probability output '${name}' has ${outside} value(s) outside [0, 1] (raw scores rather than probabilities?)`);
  if (columns > 1) {
    for (let row = 0; row * columns < data.length; row++) {
      let sum = 0;
      for (let c = 0; c < columns; c++) sum += data[row * columns + c];
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        problems.push(`probabilities in row ${row} of '${name}' sum to ${sum.toFixed(4)}, not 1`);
        break;
      }
    }
  }
  return problems;
}
