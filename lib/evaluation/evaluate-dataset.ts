import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { createBinaryAccumulator } from "@/lib/metrics/binary-accumulator";
import { createMulticlassAccumulator } from "@/lib/metrics/multiclass-accumulator";
import { createRegressionAccumulator } from "@/lib/metrics/regression-accumulator";
import { createFeedBuilder, isNumericType } from "@/lib/evaluation/feed-builder";
import { makeLabelIndex } from "@/lib/evaluation/label-index";
import { profileSession } from "@/lib/evaluation/profile-session";
import type { TEvaluateInput, TEvaluateMessage, TEvaluateResult } from "@/lib/evaluation/types";

class DataError extends Error {}

// Scores a CSV with a model and computes the task's metrics. Runs inside the evaluation sandbox
// (workers/sandbox/evaluate-child.ts); `send` reports progress. Bad data ends the run with a reason
// that names the row and column; it never throws.
export async function evaluateDataset(input: TEvaluateInput, send: (m: TEvaluateMessage) => void): Promise<TEvaluateResult> {
  try {
    return await evaluate(input, send);
  } catch (e) {
    if (e instanceof DataError) return { ok: false, reason: e.message };
    const code = (e as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("CSV_")) return { ok: false, reason: `the CSV could not be read: ${(e as Error).message}` };
    return { ok: false, reason: `evaluation failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

async function evaluate(input: TEvaluateInput, send: (m: TEvaluateMessage) => void): Promise<TEvaluateResult> {
  const started = performance.now();
  const ort = await import("onnxruntime-node");
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(input.modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 4 });
  const modelLoadMs = performance.now() - t0;

  const { features } = input.featureSchema;
  const fetches = [input.outputs.probabilities, input.outputs.value, input.outputs.label].filter((x): x is string => Boolean(x));
  const scoreOutput = input.task === "regression" ? input.outputs.value : input.outputs.probabilities;
  if (!scoreOutput) throw new DataError(input.task === "regression" ? "the model has no value output to evaluate" : "the model has no probability output to evaluate");
  const classIndex = makeLabelIndex(input.classLabels);
  const positive = input.task === "binary" ? positiveIndex(input) : -1;
  const binary = input.task === "binary" ? createBinaryAccumulator() : null;
  const multi = input.task === "multiclass" ? createMulticlassAccumulator(input.classLabels.length) : null;
  const regression = input.task === "regression" ? createRegressionAccumulator() : null;

  const B = input.batchSize;
  const builder = createFeedBuilder(ort, input.featureSchema, input.inputTypes, B);
  const numeric = features.map((f) => isNumericType(input.featureSchema.layout === "matrix" ? input.inputTypes[input.featureSchema.inputName!] ?? f.type : input.inputTypes[f.name] ?? f.type));
  const labels = new Float64Array(B);
  let firstFeeds: { rows: number; feeds: InferenceSession.FeedsType } | null = null;

  const parser = createReadStream(input.datasetPath).pipe(parse({ bom: true, relax_column_count: false, skip_empty_lines: true }));
  let header: string[] | null = null;
  let featureCols: number[] = [];
  let labelCol = -1;
  let inBatch = 0;
  let rowsDone = 0;
  let lastReport = performance.now();

  const flush = async () => {
    if (inBatch === 0) return;
    const feeds = builder.feeds(inBatch);
    firstFeeds ??= { rows: inBatch, feeds: copyFeeds(ort, feeds) };
    const out = await session.run(feeds, fetches);
    const scores = out[scoreOutput].data as Float32Array | Float64Array;
    if (binary) binary.add(positiveScores(scores, inBatch, positive, input.outputs.probabilityColumns), labelsFor(labels, inBatch, (v) => (v === positive ? 1 : 0), Uint8Array));
    else if (multi) multi.add(scores.length === inBatch * input.classLabels.length ? scores : scores.subarray(0, inBatch * input.classLabels.length), labels.subarray(0, inBatch));
    else regression!.add(scores.length === inBatch ? scores : Float64Array.from({ length: inBatch }, (_, i) => scores[i * (scores.length / inBatch)]), labels.subarray(0, inBatch));
    rowsDone += inBatch;
    inBatch = 0;
    const now = performance.now();
    if (now - lastReport > 250) {
      lastReport = now;
      send({ type: "progress", rowsDone, rowsPerSecond: rowsDone / ((now - started) / 1000), phase: "scoring" });
    }
  };

  let line = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    line += 1;
    if (!header) {
      header = record.map((h) => h.trim());
      const missing = features.map((f) => f.name).filter((n) => !header!.includes(n));
      if (missing.length) throw new DataError(`the dataset lacks column${missing.length > 1 ? "s" : ""} the model needs: ${missing.join(", ")}`);
      featureCols = features.map((f) => header!.indexOf(f.name));
      labelCol = header.indexOf(input.labelColumn);
      if (labelCol < 0) throw new DataError(`the label column '${input.labelColumn}' is not in the dataset (columns: ${header.slice(0, 20).join(", ")})`);
      continue;
    }
    const row = line - 1;
    for (let j = 0; j < featureCols.length; j++) {
      const cell = record[featureCols[j]];
      if (numeric[j]) {
        const v = cell.trim() === "" ? NaN : Number(cell);
        if (!Number.isFinite(v)) throw new DataError(`row ${row}, column '${features[j].name}': ${cell.trim() === "" ? "empty" : `'${cell.slice(0, 40)}'`} is not a number, and the model needs a number`);
        builder.set(inBatch, j, v);
      } else builder.set(inBatch, j, cell);
    }
    const labelCell = record[labelCol];
    if (input.task === "regression") {
      const y = Number(labelCell);
      if (labelCell.trim() === "" || !Number.isFinite(y)) throw new DataError(`row ${row}, column '${input.labelColumn}': '${labelCell.slice(0, 40)}' is not a number`);
      labels[inBatch] = y;
    } else {
      const k = classIndex(labelCell);
      if (k < 0) throw new DataError(`row ${row}, column '${input.labelColumn}': label '${labelCell.slice(0, 40)}' is not one of the model's classes (${input.classLabels.join(", ")})`);
      labels[inBatch] = k;
    }
    inBatch += 1;
    if (inBatch === B) await flush();
  }
  await flush();
  if (!header) throw new DataError("the dataset is empty");
  if (rowsDone === 0) throw new DataError("the dataset has a header but no rows");

  const metrics = binary ? binary.finish(input.threshold) : multi ? multi.finish() : regression!.finish();
  const evaluateMs = performance.now() - started;
  let profile = null;
  if (input.profile && firstFeeds) {
    send({ type: "progress", rowsDone, rowsPerSecond: rowsDone / (evaluateMs / 1000), phase: "profiling" });
    profile = await profileSession(ort, session, firstFeeds, fetches, modelLoadMs);
  }
  await session.release();
  return { ok: true, rows: rowsDone, metrics, profile, evaluateMs };
}

function positiveIndex(input: TEvaluateInput): number {
  if (input.classLabels.length !== 2) throw new DataError(`a binary model needs exactly 2 classes; this one has ${input.classLabels.length} (${input.classLabels.join(", ")})`);
  if (input.positiveClass === null) return 1;
  const k = input.classLabels.indexOf(input.positiveClass);
  if (k < 0) throw new DataError(`the positive class '${input.positiveClass}' is not one of the model's classes`);
  return k;
}

// Binary scores are P(positive): one column of a per-class matrix, or the single column itself.
function positiveScores(scores: Float32Array | Float64Array, rows: number, positive: number, columns: string | undefined): Float32Array | Float64Array {
  if (columns === "positive" || scores.length === rows) return scores.length === rows ? scores : scores.subarray(0, rows);
  const width = scores.length / rows;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = scores[i * width + positive];
  return out;
}

function labelsFor<T extends Uint8Array>(labels: Float64Array, rows: number, f: (v: number) => number, Ctor: new (n: number) => T): T {
  const out = new Ctor(rows);
  for (let i = 0; i < rows; i++) out[i] = f(labels[i]);
  return out;
}

// The first batch's feeds are kept (copied: the builder reuses its arrays) for the latency profile.
function copyFeeds(ort: typeof import("onnxruntime-node"), feeds: InferenceSession.FeedsType): InferenceSession.FeedsType {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    const tensor = t as Tensor;
    const data = tensor.data;
    out[name] = new ort.Tensor(tensor.type, (Array.isArray(data) ? [...data] : (data as Float32Array).slice()) as Tensor.DataType, [...tensor.dims]);
  }
  return out;
}
