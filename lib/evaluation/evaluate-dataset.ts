import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { createBinaryAccumulator } from "@/lib/metrics/binary-accumulator";
import { createMulticlassAccumulator } from "@/lib/metrics/multiclass-accumulator";
import { createRegressionAccumulator } from "@/lib/metrics/regression-accumulator";
import { createFeedBuilder, type TFeedBuilder } from "@/lib/evaluation/feed-builder";
import { makeLabelIndex } from "@/lib/evaluation/label-index";
import { profileSession } from "@/lib/evaluation/profile-session";
import type { TEvaluateInput, TEvaluateMessage, TEvaluateResult, TEvaluationMetrics } from "@/lib/evaluation/types";

class DataError extends Error {}

type TOrt = typeof import("onnxruntime-node");

/** Rows of one batch: the model's inputs, the labels' class index (or target), how many are filled. */
type TBatch = { builder: TFeedBuilder; labels: Float64Array; rows: number };

const PROGRESS_EVERY_MS = 250;
// A bound on parsed rows waiting for onnxruntime: past it the CSV pauses until half are scored. Today
// runs execute before the next chunk of the file is read, so only one chunk's rows ever wait; the
// bound keeps memory flat should runs ever complete later (a slower or truly asynchronous runtime).
const MAX_ROWS_WAITING = 16_384;

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

  const fetches = [input.outputs.probabilities, input.outputs.value, input.outputs.label].filter((x): x is string => Boolean(x));
  const sink = createMetricsSink(input);
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
  const sawHeader = await scoreCsv(input, newBatch, { infer, accumulate });
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

/**
 * Streams the CSV into batches and scores each full one. Records are handled synchronously as
 * csv-parse emits them: no promise per row, and each record is garbage before the next is parsed, so
 * nothing survives a young-generation GC and the heap does not grow with the file. A full batch's
 * run starts at once; onnxruntime-node executes runs synchronously on this thread, each in its own
 * setImmediate (there is no inference thread to overlap with), so the batches parsed from one chunk
 * of the file are all scored before the next chunk, and nothing waits on a promise per batch.
 * Resolves once every row is scored; false if the file had no header.
 */
async function scoreCsv(input: TEvaluateInput, newBatch: () => TBatch, scoring: TScoring): Promise<boolean> {
  let readRow: ((record: string[]) => void) | null = null;
  // Records arrive once the stream flows, after `queue` below exists.
  const csv = openCsv(input.datasetPath, (record) => {
    if (readRow) readRow(record);
    else readRow = createRowReader(input, record.map((h) => h.trim()), queue);
  });
  const queue = createBatchQueue(newBatch, scoring, Math.max(2, Math.ceil(MAX_ROWS_WAITING / input.batchSize)), csv);
  try {
    await csv.done;
  } catch (e) {
    queue.stop();
    throw e;
  }
  queue.submit();
  await queue.drained();
  return readRow !== null;
}

type TCsv = { done: Promise<void>; pause(): void; resume(): void; fail(error: unknown): void };

// csv-parse in flowing mode. A throw from onRecord (bad data) or from scoring ends the stream with
// that error, so `done` rejects with it and nothing is read after it.
function openCsv(path: string, onRecord: (record: string[]) => void): TCsv {
  const file = createReadStream(path);
  const parser = file.pipe(parse({ bom: true, relax_column_count: false, skip_empty_lines: true }));
  let failed = false;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    fail = (error) => {
      if (failed) return;
      failed = true;
      file.destroy();
      parser.destroy();
      reject(error);
    };
    file.on("error", fail);
    parser.on("error", fail);
    parser.on("end", resolve);
    parser.on("data", (record: string[]) => {
      if (failed) return;
      try {
        onRecord(record);
      } catch (e) {
        fail(e);
      }
    });
  });
  return { done, fail: (error) => fail(error), pause: () => parser.pause(), resume: () => parser.resume() };
}

type TScoring = { infer(batch: TBatch): Promise<InferenceSession.ReturnType>; accumulate(batch: TBatch, out: InferenceSession.ReturnType): void };
type TBatchQueue = { current: TBatch; submit(): void; drained(): Promise<void>; stop(): void };

// Runs each submitted batch at once and accumulates the outputs in submission order; a batch's
// arrays are reused only after its run. Too many batches waiting (a model slower than the parser)
// pause the CSV: memory stays bounded whatever the file size or batch size.
function createBatchQueue(newBatch: () => TBatch, scoring: TScoring, maxWaiting: number, csv: TCsv): TBatchQueue {
  const spare: TBatch[] = [];
  let waiting = 0;
  let paused = false;
  let stopped = false;
  let chain = Promise.resolve();
  const settle = async (batch: TBatch, output: Promise<InferenceSession.ReturnType>) => {
    if (stopped) return;
    try {
      scoring.accumulate(batch, await output);
    } catch (e) {
      stopped = true;
      csv.fail(e);
      return;
    }
    batch.rows = 0;
    spare.push(batch);
    waiting--;
    if (paused && waiting <= maxWaiting / 2) {
      paused = false;
      csv.resume();
    }
  };
  const queue: TBatchQueue = {
    current: newBatch(),
    submit() {
      const batch = queue.current;
      if (batch.rows === 0) return;
      queue.current = spare.pop() ?? newBatch();
      waiting++;
      if (waiting >= maxWaiting && !paused) {
        paused = true;
        csv.pause();
      }
      const output = scoring.infer(batch);
      // A failed run is reported in order by settle(); until then it must not count as unhandled.
      output.catch(() => undefined);
      chain = chain.then(() => settle(batch, output));
    },
    drained: () => chain,
    stop() {
      stopped = true;
    },
  };
  return queue;
}

// Checks the header against the model's features and returns the per-row reader: it writes the
// row's cells into the batch being filled and submits the batch when full. The loop is the hot path
// of an evaluation; every error names the row (1 = first data row) and the column.
function createRowReader(input: TEvaluateInput, header: string[], queue: TBatchQueue): (record: string[]) => void {
  const { features } = input.featureSchema;
  const missing = features.map((f) => f.name).filter((n) => !header.includes(n));
  if (missing.length) throw new DataError(`the dataset lacks column${missing.length > 1 ? "s" : ""} the model needs: ${missing.join(", ")}`);
  const featureCols = features.map((f) => header.indexOf(f.name));
  const labelCol = header.indexOf(input.labelColumn);
  if (labelCol < 0) throw new DataError(`the label column '${input.labelColumn}' is not in the dataset (columns: ${header.slice(0, 20).join(", ")})`);
  const readLabel = labelReader(input);
  const numeric = queue.current.builder.numeric;
  const capacity = input.batchSize;
  let row = 0;
  return (record) => {
    row++;
    const batch = queue.current;
    const i = batch.rows;
    for (let j = 0; j < featureCols.length; j++) {
      const cell = record[featureCols[j]];
      if (!numeric[j]) {
        batch.builder.set(i, j, cell);
        continue;
      }
      // Number("") and Number("  ") are 0: a blank cell is told apart only when the value is 0.
      const v = Number(cell);
      if (!Number.isFinite(v) || (v === 0 && cell.trim() === "")) {
        throw new DataError(`row ${row}, column '${features[j].name}': ${cell.trim() === "" ? "empty" : `'${cell.slice(0, 40)}'`} is not a number, and the model needs a number`);
      }
      batch.builder.setNumber(i, j, v);
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

type TMetricsSink = { output: string; add(out: InferenceSession.ReturnType, batch: TBatch): void; finish(): TEvaluationMetrics };

// Feeds each scored batch to the task's accumulator. Buffers are reused across batches: the
// accumulators copy what they are given.
function createMetricsSink(input: TEvaluateInput): TMetricsSink {
  const scoreOutput = input.task === "regression" ? input.outputs.value : input.outputs.probabilities;
  if (!scoreOutput) throw new DataError(input.task === "regression" ? "the model has no value output to evaluate" : "the model has no probability output to evaluate");
  const scoresOf = (out: InferenceSession.ReturnType) => out[scoreOutput].data as Float32Array | Float64Array;
  if (input.task === "binary") {
    const positive = positiveIndex(input);
    const accumulator = createBinaryAccumulator({ expectedRows: input.rowsTotal });
    const labels = new Uint8Array(input.batchSize);
    const column = positiveColumn(positive, input.outputs.probabilityColumns, input.batchSize);
    return {
      output: scoreOutput,
      add(out, batch) {
        for (let i = 0; i < batch.rows; i++) labels[i] = batch.labels[i] === positive ? 1 : 0;
        accumulator.add(column(scoresOf(out), batch.rows), labels.subarray(0, batch.rows));
      },
      finish: () => accumulator.finish(input.threshold),
    };
  }
  if (input.task === "multiclass") {
    const k = input.classLabels.length;
    const accumulator = createMulticlassAccumulator(k);
    return {
      output: scoreOutput,
      add(out, batch) {
        const scores = scoresOf(out);
        accumulator.add(scores.length === batch.rows * k ? scores : scores.subarray(0, batch.rows * k), batch.labels.subarray(0, batch.rows));
      },
      finish: () => accumulator.finish(),
    };
  }
  const accumulator = createRegressionAccumulator();
  return {
    output: scoreOutput,
    add(out, batch) {
      const scores = scoresOf(out);
      const rows = batch.rows;
      accumulator.add(scores.length === rows ? scores : Float64Array.from({ length: rows }, (_, i) => scores[i * (scores.length / rows)]), batch.labels.subarray(0, rows));
    },
    finish: () => accumulator.finish(),
  };
}

function positiveIndex(input: TEvaluateInput): number {
  if (input.classLabels.length !== 2) throw new DataError(`a binary model needs exactly 2 classes; this one has ${input.classLabels.length} (${input.classLabels.join(", ")})`);
  if (input.positiveClass === null) return 1;
  const k = input.classLabels.indexOf(input.positiveClass);
  if (k < 0) throw new DataError(`the positive class '${input.positiveClass}' is not one of the model's classes`);
  return k;
}

// Binary scores are P(positive): one column of a per-class matrix, or the single column itself. The
// column is copied into a reused array of the output's own type, so float32 scores stay float32.
function positiveColumn(positive: number, columns: string | undefined, batchSize: number): (scores: Float32Array | Float64Array, rows: number) => Float32Array | Float64Array {
  let buffer: Float32Array | Float64Array | null = null;
  return (scores, rows) => {
    if (columns === "positive" || scores.length === rows) return scores.length === rows ? scores : scores.subarray(0, rows);
    if (!buffer || buffer.constructor !== scores.constructor) buffer = scores instanceof Float32Array ? new Float32Array(batchSize) : new Float64Array(batchSize);
    const out = buffer.subarray(0, rows);
    const width = scores.length / rows;
    for (let i = 0; i < rows; i++) out[i] = scores[i * width + positive];
    return out;
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
