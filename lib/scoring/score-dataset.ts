import type { InferenceSession } from "onnxruntime-node";
import type { TBatchQueue } from "@/lib/batch/batch-queue";
import { streamCsvBatches } from "@/lib/batch/stream-csv-batches";
import { createSyncFileWriter, type TSyncFileWriter } from "@/lib/batch/sync-file-writer";
import { createFeedBuilder, fillRowFromCells, type TFeedBuilder } from "@/lib/evaluation/feed-builder";
import { createScoreReader, type TScoreReader } from "@/lib/evaluation/score-reader";
import { csvCell, isPlainCsvCell } from "@/lib/scoring/csv-cell";
import type { TScoreInput, TScoreMessage, TScoreResult } from "@/lib/scoring/types";

class DataError extends Error {}

/**
 * Rows of one batch: the model's inputs; each row's input cells, encoded as CSV, as UTF-8 bytes in
 * `text` (row i ends at ends[i]); how many rows are filled. Keeping bytes rather than a string per row
 * leaves nothing for the garbage collector to promote while the batch waits for its run, so the heap
 * stays the same size whatever the row count.
 */
type TBatch = { builder: TFeedBuilder; text: Buffer; ends: Int32Array; used: number; rows: number };
type TCounts = { scored: number; failed: number };

const PROGRESS_EVERY_MS = 250;
// Bad rows quoted in the reason of a job that fails on its error share.
const ERROR_SAMPLES = 3;
const MAX_CELL_CHARS = 40;

/**
 * Scores a CSV with a model and writes input columns + prediction columns to `outputPath`, and the
 * rows it could not score (row number, column, reason) to `errorsPath`. Runs inside the scoring
 * sandbox (workers/sandbox/score-child.ts); `send` reports progress. The CSV streams through the
 * batching evaluation uses (lib/batch/stream-csv-batches.ts, lib/evaluation/feed-builder.ts) and the
 * model's outputs are read by the reader evaluation and serving share (lib/evaluation/score-reader.ts),
 * so a row scores here exactly as it does there. A bad row (a numeric feature that is missing or not a
 * number, a row whose cell count differs from the header's) is reported and skipped; past
 * maxErrorShare of the rows the job fails. On any failure both files are removed: nothing is
 * half-written. Never throws.
 */
export async function scoreDataset(input: TScoreInput, send: (m: TScoreMessage) => void): Promise<TScoreResult> {
  const counts: TCounts = { scored: 0, failed: 0 };
  let output: TSyncFileWriter | null = null;
  let errors: TErrorReport | null = null;
  try {
    output = createSyncFileWriter(input.outputPath);
    errors = createErrorReport(input.errorsPath);
    const result = await score(input, send, output, errors, counts);
    output.close();
    errors.close();
    return result;
  } catch (e) {
    output?.abort();
    errors?.abort();
    const sofar = { rowsScored: counts.scored, rowsFailed: counts.failed };
    if (e instanceof DataError) return { ok: false, reason: e.message, ...sofar };
    const code = (e as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("CSV_")) return { ok: false, reason: `the CSV could not be read: ${(e as Error).message}`, ...sofar };
    return { ok: false, reason: `scoring failed: ${e instanceof Error ? e.message : String(e)}`, ...sofar };
  }
}

async function score(input: TScoreInput, send: (m: TScoreMessage) => void, output: TSyncFileWriter, errors: TErrorReport, counts: TCounts): Promise<TScoreResult> {
  const started = performance.now();
  const ort = await import("onnxruntime-node");
  const session = await ort.InferenceSession.create(input.modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 4 });
  let reader: TScoreReader;
  try {
    reader = createScoreReader(input, input.batchSize);
  } catch (e) {
    throw new DataError((e as Error).message);
  }
  const fetches = [reader.output];
  const prediction = predictionFormat(input, reader);
  const predictions = new Array<string>(input.batchSize);
  let columns: string[] = [];

  let lastReport = performance.now();
  const progress = () => {
    const now = performance.now();
    if (now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    send({ type: "progress", rowsDone: counts.scored, rowsFailed: counts.failed, rowsPerSecond: (counts.scored + counts.failed) / ((now - started) / 1000) });
  };
  const infer = (batch: TBatch) => session.run(batch.builder.feeds(batch.rows), fetches);
  // The batch's rows are already bytes in batch.text; each row's prediction text is slotted in after
  // it, working from the last row back so that every row moves at most once, and the batch goes to
  // the file as one block.
  const accumulate = (batch: TBatch, out: InferenceSession.ReturnType) => {
    const scores = reader.read(out, batch.rows);
    let extra = 0;
    for (let i = 0; i < batch.rows; i++) {
      const text = prediction.format(scores, i);
      predictions[i] = text;
      extra += prediction.ascii ? text.length : Buffer.byteLength(text);
    }
    const total = batch.used + extra;
    if (total > batch.text.length) batch.text = grow(batch.text, batch.used, extra);
    const bytes = batch.text;
    let at = total;
    for (let i = batch.rows - 1; i >= 0; i--) {
      const text = predictions[i];
      predictions[i] = "";
      if (prediction.ascii) {
        at -= text.length;
        for (let c = 0; c < text.length; c++) bytes[at + c] = text.charCodeAt(c);
      } else {
        at -= Buffer.byteLength(text);
        bytes.write(text, at, "utf8");
      }
      const start = i === 0 ? 0 : batch.ends[i - 1];
      at -= batch.ends[i] - start;
      bytes.copyWithin(at, start, batch.ends[i]);
    }
    output.writeBytes(bytes, 0, total);
    batch.used = 0;
    counts.scored += batch.rows;
    progress();
  };
  const bad = (row: number, problems: { column: string; reason: string }[]) => {
    for (const p of problems) errors.add(row, p.column, p.reason);
    counts.failed++;
    // The dataset's row count is known: once the bad rows alone exceed the allowed share of it, the
    // job cannot succeed, and reading on would only delay the failure.
    if (input.rowsTotal && counts.failed > input.maxErrorShare * input.rowsTotal) throw new DataError(tooManyBadRows(counts.failed, input.rowsTotal, input.maxErrorShare, errors.samples, true));
  };
  const newBatch = (): TBatch => ({ builder: createFeedBuilder(ort, input.featureSchema, input.inputTypes, input.batchSize), text: Buffer.allocUnsafe(64 * input.batchSize), ends: new Int32Array(input.batchSize), used: 0, rows: 0 });

  const sawHeader = await streamCsvBatches({
    path: input.datasetPath, batchSize: input.batchSize, newBatch, scoring: { infer, accumulate }, relaxColumnCount: true,
    createRowReader: (header, queue) => {
      columns = [...header, ...uniqueNames(prediction.columns, header)];
      output.write(`${columns.map(csvCell).join(",")}\n`);
      return createRowReader(input, header, queue, bad);
    },
  });
  await session.release();
  if (!sawHeader) throw new DataError("the dataset is empty");
  const total = counts.scored + counts.failed;
  if (total === 0) throw new DataError("the dataset has a header but no rows");
  if (counts.failed > input.maxErrorShare * total) throw new DataError(tooManyBadRows(counts.failed, total, input.maxErrorShare, errors.samples, false));
  if (counts.scored === 0) throw new DataError(`none of the ${total.toLocaleString("en-US")} rows could be scored; first: ${errors.samples.join("; ")}`);
  send({ type: "progress", rowsDone: counts.scored, rowsFailed: counts.failed, rowsPerSecond: total / ((performance.now() - started) / 1000) });
  return { ok: true, rowsScored: counts.scored, rowsFailed: counts.failed, columns, scoreMs: performance.now() - started };
}

// Checks the header against the model's features and returns the per-row reader: it writes the
// row's features into the batch being filled, keeps the row's cells encoded for the output, and
// submits the batch when full. The hot path of a scoring job. A bad row goes to `bad` with every
// problem it has, each naming the column; rows are numbered from 1, the first data row.
function createRowReader(input: TScoreInput, header: string[], queue: TBatchQueue<TBatch>, bad: (row: number, problems: { column: string; reason: string }[]) => void): (record: string[]) => void {
  const { features } = input.featureSchema;
  const missing = features.map((f) => f.name).filter((n) => !header.includes(n));
  if (missing.length) throw new DataError(`the dataset lacks column${missing.length > 1 ? "s" : ""} the model needs: ${missing.join(", ")}`);
  const featureCols = features.map((f) => header.indexOf(f.name));
  const numeric = queue.current.builder.numeric;
  const width = header.length;
  // Cells of numeric features have parsed as finite numbers by the time the row is written: a sign
  // there starts a plain number (see writeRow).
  const parsedNumber = new Uint8Array(width);
  features.forEach((_, j) => {
    if (numeric[j]) parsedNumber[featureCols[j]] = 1;
  });
  const capacity = input.batchSize;
  const problemsOf = (record: string[]) => {
    const problems: { column: string; reason: string }[] = [];
    features.forEach((f, j) => {
      if (!numeric[j]) return;
      const cell = record[featureCols[j]];
      if (cell.trim() === "") problems.push({ column: f.name, reason: "missing value" });
      else if (!Number.isFinite(Number(cell))) problems.push({ column: f.name, reason: `'${clip(cell)}' is not a number, and the model needs a number` });
    });
    return problems;
  };
  let row = 0;
  return (record) => {
    row++;
    if (record.length !== width) {
      bad(row, [{ column: "", reason: `the row has ${record.length} cell${record.length === 1 ? "" : "s"}; the header has ${width}` }]);
      return;
    }
    const batch = queue.current;
    const i = batch.rows;
    if (fillRowFromCells(batch.builder, i, record, featureCols) >= 0) {
      bad(row, problemsOf(record));
      return;
    }
    batch.used = writeRow(batch, record, parsedNumber);
    batch.ends[i] = batch.used;
    batch.rows = i + 1;
    if (batch.rows === capacity) queue.submit();
  };
}

// Characters that make a cell need quotes (comma, quote, CR, LF) or that csvCell treats apart (tab);
// a cell with one goes through csvCell.
const SPECIAL = new Uint8Array(128);
for (const c of [9, 10, 13, 34, 44]) SPECIAL[c] = 1;
const FORMULA_START = new Uint8Array(128);
for (const c of [9, 13, 43, 45, 61, 64]) FORMULA_START[c] = 1;

/**
 * Appends a row's cells as CSV bytes to batch.text and returns the new end. Most rows need no change
 * at all: their ASCII characters are copied as they are, in one pass, without joining a string. A row
 * with a cell to quote or neutralise, or with non-ASCII text, is encoded by csvCell cell by cell
 * instead, so both paths give exactly what csvCell gives. A cell that Number() read as a finite
 * number and that does not end in a space is digits, sign, point and exponent only: a leading sign
 * there starts a plain number, not a formula.
 */
function writeRow(batch: TBatch, record: string[], parsedNumber: Uint8Array): number {
  let chars = record.length;
  for (let k = 0; k < record.length; k++) chars += record[k].length;
  if (batch.used + chars > batch.text.length) batch.text = grow(batch.text, batch.used, chars);
  const bytes = batch.text;
  let at = batch.used;
  for (let k = 0; k < record.length; k++) {
    const cell = record[k];
    if (k > 0) bytes[at++] = 44;
    const n = cell.length;
    if (n === 0) continue;
    const first = cell.charCodeAt(0);
    if (first < 128 && FORMULA_START[first] === 1) {
      const plainNumber = (first === 43 || first === 45) && (parsedNumber[k] === 1 ? cell.charCodeAt(n - 1) > 32 : isPlainCsvCell(cell));
      if (!plainNumber) return writeEncoded(batch, record);
    }
    for (let q = 0; q < n; q++) {
      const c = cell.charCodeAt(q);
      if (c >= 128 || SPECIAL[c] === 1) return writeEncoded(batch, record);
      bytes[at + q] = c;
    }
    at += n;
  }
  return at;
}

function writeEncoded(batch: TBatch, record: string[]): number {
  const line = record.map(csvCell).join(",");
  // A UTF-16 code unit takes at most 3 bytes in UTF-8.
  if (batch.used + line.length * 3 > batch.text.length) batch.text = grow(batch.text, batch.used, line.length * 3);
  return batch.used + batch.text.write(line, batch.used, "utf8");
}

function grow(text: Buffer, used: number, more: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.max(text.length * 2, used + more));
  text.copy(bigger, 0, 0, used);
  return bigger;
}

/** ascii: every text format() returns is ASCII (numbers always are; class labels may not be). */
type TPredictionFormat = { columns: string[]; ascii: boolean; format(scores: Float32Array | Float64Array, i: number): string };

// The prediction columns by task, and the text of row i's predictions (with its leading comma and
// the line end). Numbers are written as JavaScript prints them: the shortest text that reads back as
// the same double, so a float32 score keeps every bit (0.1f prints as 0.10000000149011612).
function predictionFormat(input: TScoreInput, reader: TScoreReader): TPredictionFormat {
  const labels = reader.classLabels.map(csvCell);
  const ascii = labels.every((l) => /^[\x00-\x7f]*$/.test(l));
  if (input.task === "binary") {
    const positive = `,${labels[reader.positive]},`;
    const negative = `,${labels[1 - reader.positive]},`;
    const threshold = input.threshold;
    return { columns: ["predicted_label", "score"], ascii, format: (s, i) => (s[i] >= threshold ? positive : negative) + s[i] + "\n" };
  }
  if (input.task === "multiclass") {
    const k = labels.length;
    return {
      columns: ["predicted_label", ...reader.classLabels.map((c) => `p_${c}`)],
      ascii,
      format(s, i) {
        const base = i * k;
        let best = 0;
        let text = "";
        for (let c = 0; c < k; c++) {
          const p = s[base + c];
          if (p > s[base + best]) best = c;
          text += "," + p;
        }
        return `,${labels[best]}${text}\n`;
      },
    };
  }
  return { columns: ["prediction"], ascii: true, format: (s, i) => "," + s[i] + "\n" };
}

// A prediction column whose name an input column already has gets a suffix (score → score_2), so the
// output header stays unique.
function uniqueNames(names: string[], taken: string[]): string[] {
  const used = new Set(taken);
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}_${n}`;
    used.add(candidate);
    return candidate;
  });
}

function tooManyBadRows(failed: number, total: number, maxShare: number, samples: string[], early: boolean): string {
  const pct = (x: number) => `${(x * 100).toFixed(x * 100 < 1 ? 2 : 1).replace(/\.?0+$/, "")}%`;
  const counted = early ? `at least ${failed.toLocaleString("en-US")} of the ${total.toLocaleString("en-US")} rows` : `${failed.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows`;
  return `${counted} (${pct(failed / total)}) could not be scored, more than the allowed ${pct(maxShare)}; first: ${samples.join("; ")}`;
}

function clip(cell: string): string {
  return cell.length > MAX_CELL_CHARS ? `${cell.slice(0, MAX_CELL_CHARS)}…` : cell;
}

type TErrorReport = { add(row: number, column: string, reason: string): void; readonly samples: string[]; close(): void; abort(): void };

// The error report CSV (row, column, reason), created at the first bad row: a job without bad rows
// has none. Its cells are neutralised like the output's: column names and cell values come from the
// uploaded file.
function createErrorReport(path: string): TErrorReport {
  let writer: TSyncFileWriter | null = null;
  const samples: string[] = [];
  return {
    samples,
    add(row, column, reason) {
      if (!writer) {
        writer = createSyncFileWriter(path);
        writer.write("row,column,reason\n");
      }
      writer.write(`${row},${csvCell(column)},${csvCell(reason)}\n`);
      if (samples.length < ERROR_SAMPLES) samples.push(`row ${row}${column ? `, column '${column}'` : ""}: ${reason}`);
    },
    close: () => writer?.close(),
    abort: () => writer?.abort(),
  };
}
