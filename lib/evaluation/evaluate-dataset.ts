import type { InferenceSession, Tensor } from "onnxruntime-node";
import { createBinaryAccumulator } from "@/lib/metrics/binary-accumulator";
import { createMulticlassAccumulator } from "@/lib/metrics/multiclass-accumulator";
import { createRegressionAccumulator } from "@/lib/metrics/regression-accumulator";
import type { TBatchQueue } from "@/lib/batch/batch-queue";
import { streamCsvBatches } from "@/lib/batch/stream-csv-batches";
import { createFeedBuilder, fillRowFromCells, type TFeedBuilder } from "@/lib/evaluation/feed-builder";
import { makeLabelIndex } from "@/lib/evaluation/label-index";
import { profileSession } from "@/lib/evaluation/profile-session";
import { createScoreReader, type TScoreReader } from "@/lib/evaluation/score-reader";
import { createPredictionsWriter, type TPredictionsWriter } from "@/lib/evaluation/predictions-file";
import type { TEvaluateInput, TEvaluateMessage, TEvaluateResult, TEvaluationMetrics } from "@/lib/evaluation/types";

class DataError extends Error {}

/**
 * predictionsPath: where to write the per-row predictions (lib/evaluation/predictions-file.ts), a new
 * file the caller moves into the artifact store once the result is in; nothing is written without it.
 */
export type TEvaluateOptions = { predictionsPath?: string | null };

type TOrt = typeof import("onnxruntime-node");

/** Rows of one batch: the model's inputs, the labels' class index (or target), how many are filled. */
type TBatch = { builder: TFeedBuilder; labels: Float64Array; rows: number };

const PROGRESS_EVERY_MS = 250;

// Scores a CSV with a model and computes the task's metrics. Runs inside the evaluation sandbox
// (workers/sandbox/evaluate-child.ts); `send` reports progress. Bad data ends the run with a reason
// that names the row and column; it never throws.
export async function evaluateDataset(input: TEvaluateInput, send: (m: TEvaluateMessage) => void, options: TEvaluateOptions = {}): Promise<TEvaluateResult> {
  const predictions = options.predictionsPath ? keepPredictions(options.predictionsPath, input) : null;
  try {
    const result = await evaluate(input, send, predictions);
    predictions?.close();
    return result;
  } catch (e) {
    predictions?.abort();
    if (e instanceof DataError) return { ok: false, reason: e.message };
    const code = (e as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("CSV_")) return { ok: false, reason: `the CSV could not be read: ${(e as Error).message}` };
    return { ok: false, reason: `evaluation failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

async function evaluate(input: TEvaluateInput, send: (m: TEvaluateMessage) => void, predictions: TPredictionsSink | null): Promise<TEvaluateResult> {
  const started = performance.now();
  const ort = await import("onnxruntime-node");
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(input.modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 4 });
  const modelLoadMs = performance.now() - t0;

  const fetches = [input.outputs.probabilities, input.outputs.value, input.outputs.label].filter((x): x is string => Boolean(x));
  const sink = createMetricsSink(input, predictions);
  // Scoring fetches only what the metrics read; the latency profile below measures every output.
  const scoreFetches = [sink.output];
  let firstFeeds: { rows: number; feeds: InferenceSession.FeedsType } | null = null;
  let rowsDone = 0;
  let lastReport = performance.now();
  const infer = (batch: TBatch) => {
    const feeds = batch.builder.feeds(batch.rows);
    if (input.profile) firstFeeds ??= { rows: batch.rows, feeds: copyFeeds(ort, feeds) };
    return session.run(feeds, scoreFetches);
  };
  const accumulate = (batch: TBatch, out: InferenceSession.ReturnType) => {
    sink.add(out, batch);
    rowsDone += batch.rows;
    const now = performance.now();
    if (now - lastReport > PROGRESS_EVERY_MS) {
      lastReport = now;
      send({ type: "progress", rowsDone, rowsPerSecond: rowsDone / ((now - started) / 1000), phase: "scoring" });
    }
  };
  const newBatch = (): TBatch => ({ builder: createFeedBuilder(ort, input.featureSchema, input.inputTypes, input.batchSize), labels: new Float64Array(input.batchSize), rows: 0 });
  // The CSV streams into batches scored as they fill (lib/batch/stream-csv-batches.ts, shared with
  // batch scoring); a bad row ends the run.
  const sawHeader = await streamCsvBatches({
    path: input.datasetPath, batchSize: input.batchSize, newBatch, scoring: { infer, accumulate },
    createRowReader: (header, queue) => createRowReader(input, header, queue),
  });
  if (!sawHeader) throw new DataError("the dataset is empty");
  if (rowsDone === 0) throw new DataError("the dataset has a header but no rows");

  const metrics = sink.finish();
  const evaluateMs = performance.now() - started;
  let profile = null;
  if (input.profile && firstFeeds) {
    send({ type: "progress", rowsDone, rowsPerSecond: rowsDone / (evaluateMs / 1000), phase: "profiling" });
    profile = await profileSession(ort, session, firstFeeds, fetches, modelLoadMs);
  }
  await session.release();
  return { ok: true, rows: rowsDone, metrics, profile, evaluateMs };
}

// Checks the header against the model's features and returns the per-row reader: it writes the
// row's cells into the batch being filled and submits the batch when full. The loop is the hot path
// of an evaluation; every error names the row (1 = first data row) and the column.
function createRowReader(input: TEvaluateInput, header: string[], queue: TBatchQueue<TBatch>): (record: string[]) => void {
  const { features } = input.featureSchema;
  const missing = features.map((f) => f.name).filter((n) => !header.includes(n));
  if (missing.length) throw new DataError(`the dataset lacks column${missing.length > 1 ? "s" : ""} the model needs: ${missing.join(", ")}`);
  const featureCols = features.map((f) => header.indexOf(f.name));
  const labelCol = header.indexOf(input.labelColumn);
  if (labelCol < 0) throw new DataError(`the label column '${input.labelColumn}' is not in the dataset (columns: ${header.slice(0, 20).join(", ")})`);
  const readLabel = labelReader(input);
  const capacity = input.batchSize;
  let row = 0;
  return (record) => {
    row++;
    const batch = queue.current;
    const i = batch.rows;
    const j = fillRowFromCells(batch.builder, i, record, featureCols);
    if (j >= 0) {
      const cell = record[featureCols[j]];
      throw new DataError(`row ${row}, column '${features[j].name}': ${cell.trim() === "" ? "empty" : `'${cell.slice(0, 40)}'`} is not a number, and the model needs a number`);
    }
    batch.labels[i] = readLabel(record[labelCol], row);
    batch.rows = i + 1;
    if (batch.rows === capacity) queue.submit();
  };
}

// A label cell as the accumulators take it: the class index, or the regression target.
function labelReader(input: TEvaluateInput): (cell: string, row: number) => number {
  if (input.task === "regression") {
    return (cell, row) => {
      const y = Number(cell);
      if (!Number.isFinite(y) || (y === 0 && cell.trim() === "")) throw new DataError(`row ${row}, column '${input.labelColumn}': '${cell.slice(0, 40)}' is not a number`);
      return y;
    };
  }
  const classIndex = makeLabelIndex(input.classLabels);
  return (cell, row) => {
    const k = classIndex(cell);
    if (k < 0) throw new DataError(`row ${row}, column '${input.labelColumn}': label '${cell.slice(0, 40)}' is not one of the model's classes (${input.classLabels.join(", ")})`);
    return k;
  };
}

type TPredictionsSink = { add(scores: ArrayLike<number>, labels: ArrayLike<number>): void; close(): void; abort(): void };

// The per-row predictions serve the paired bootstrap, not this run's metrics: when they cannot be
// written (a full disk), the file is dropped and the evaluation goes on without it; the run is then
// stored without predictions, and the gates say so.
function keepPredictions(path: string, input: TEvaluateInput): TPredictionsSink {
  let writer: TPredictionsWriter | null = null;
  const drop = () => {
    try {
      writer?.abort();
    } catch {
      // Nothing more to do: the parent finds no file.
    }
    writer = null;
  };
  const guard = (write: (w: TPredictionsWriter) => void) => {
    if (!writer) return;
    try {
      write(writer);
    } catch {
      drop();
    }
  };
  try {
    writer = createPredictionsWriter(path, { task: input.task, classLabels: input.classLabels, threshold: input.task === "binary" ? input.threshold : null });
  } catch {
    writer = null;
  }
  return { add: (scores, labels) => guard((w) => w.add(scores, labels)), close: () => guard((w) => w.close()), abort: drop };
}

type TMetricsSink = { output: string; add(out: InferenceSession.ReturnType, batch: TBatch): void; finish(): TEvaluationMetrics };

// Feeds each scored batch to the task's accumulator, and to the predictions file when one is kept,
// after the accumulator has checked the batch. Buffers are reused across batches: the accumulators
// and the writer copy what they are given. The outputs are read by the reader serving shares
// (lib/evaluation/score-reader.ts), so a model scores the same here and online.
function createMetricsSink(input: TEvaluateInput, predictions: TPredictionsSink | null): TMetricsSink {
  let reader: TScoreReader;
  try {
    reader = createScoreReader(input, input.batchSize);
  } catch (e) {
    throw new DataError((e as Error).message);
  }
  if (input.task === "binary") {
    const positive = reader.positive;
    const accumulator = createBinaryAccumulator({ expectedRows: input.rowsTotal });
    const labels = new Uint8Array(input.batchSize);
    return {
      output: reader.output,
      add(out, batch) {
        for (let i = 0; i < batch.rows; i++) labels[i] = batch.labels[i] === positive ? 1 : 0;
        const scores = reader.read(out, batch.rows);
        accumulator.add(scores, labels.subarray(0, batch.rows));
        predictions?.add(scores, labels.subarray(0, batch.rows));
      },
      finish: () => accumulator.finish(input.threshold),
    };
  }
  if (input.task === "multiclass") {
    const accumulator = createMulticlassAccumulator(input.classLabels.length);
    return {
      output: reader.output,
      add(out, batch) {
        const scores = reader.read(out, batch.rows);
        accumulator.add(scores, batch.labels.subarray(0, batch.rows));
        predictions?.add(scores, batch.labels.subarray(0, batch.rows));
      },
      finish: () => accumulator.finish(),
    };
  }
  const accumulator = createRegressionAccumulator();
  return {
    output: reader.output,
    add(out, batch) {
      const scores = reader.read(out, batch.rows);
      accumulator.add(scores, batch.labels.subarray(0, batch.rows));
      predictions?.add(scores, batch.labels.subarray(0, batch.rows));
    },
    finish: () => accumulator.finish(),
  };
}

// The first batch's feeds are kept (copied: the builder reuses its arrays) for the latency profile.
function copyFeeds(ort: TOrt, feeds: InferenceSession.FeedsType): InferenceSession.FeedsType {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    const tensor = t as Tensor;
    const data = tensor.data;
    out[name] = new ort.Tensor(tensor.type, (Array.isArray(data) ? [...data] : (data as Float32Array).slice()) as Tensor.DataType, [...tensor.dims]);
  }
  return out;
}
