import { closeSync, openSync, rmSync, writevSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import { z } from "zod";
import type { TTask } from "@/lib/onnx/types";

// The per-row predictions of one evaluation, kept so two versions evaluated on the same dataset can
// be compared row by row (paired bootstrap, lib/gates/paired-bootstrap.ts). Row i of the file is
// data row i of the CSV, so two files of the same dataset content line up by index.
//
// Binary, little-endian, written in blocks as the evaluation streams (memory stays flat whatever the
// row count) and read back whole:
//
//   "MGPRED01"                         8 bytes
//   header length H (uint32), reserved 4 bytes
//   header: H bytes of JSON (TPredictionsHeader), zero-padded to a multiple of 8
//   blocks, each: rows r > 0 (uint32), reserved 4 bytes,
//                 r × scoresPerRow scores (scoreType), r labels (labelType), zero-padded to 8
//   end:   rows 0 (uint32), reserved 4 bytes, total rows (uint64), "MGPREND1"
//
// What a row holds, by task: binary, P(positive class) and the label as 0/1 (the binary accumulator's
// input); multiclass, the k class probabilities and the true class index; regression, the prediction
// and the target (float64). Scores keep onnxruntime's own type, so float32 output stays 4 bytes: a
// binary row is 5 bytes, a regression row 12 or 16, a multiclass row 4k + 1.

const MAGIC = Buffer.from("MGPRED01", "latin1");
const END_MAGIC = Buffer.from("MGPREND1", "latin1");
const FORMAT_VERSION = 1;
// About a megabyte staged per block: a handful of writes per million binary rows.
const BLOCK_BYTES = 1 << 20;

const SCORE_TYPES = { float32: Float32Array, float64: Float64Array } as const;
const LABEL_TYPES = { uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, float64: Float64Array } as const;
type TScoreType = keyof typeof SCORE_TYPES;
type TLabelType = keyof typeof LABEL_TYPES;
export type TScoreArray = Float32Array | Float64Array;
export type TLabelArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

const ZHeader = z.object({
  version: z.literal(FORMAT_VERSION),
  task: z.enum(["binary", "multiclass", "regression"]),
  scoreType: z.enum(["float32", "float64"]),
  scoresPerRow: z.number().int().min(1).max(1 << 16),
  labelType: z.enum(["uint8", "uint16", "uint32", "float64"]),
  /** The model's classes in output order (classification); [] for regression. */
  classLabels: z.array(z.string()),
  /** Binary: rows with a score >= threshold are predicted positive, as in the stored metrics. */
  threshold: z.number().nullable(),
});
export type TPredictionsHeader = z.infer<typeof ZHeader>;

export type TPredictions = TPredictionsHeader & { rows: number; scores: TScoreArray; labels: TLabelArray };

export type TPredictionsMeta = { task: TTask; classLabels: string[]; threshold: number | null };

export type TPredictionsWriter = {
  /** One scored batch: `scores` holds rows × scoresPerRow values, `labels` one per row. Copied at once. */
  add(scores: ArrayLike<number>, labels: ArrayLike<number>): void;
  /** Writes the end marker and closes the file; returns the rows written. */
  close(): number;
  /** Closes and removes the file (a failed evaluation leaves nothing behind). */
  abort(): void;
};

function labelTypeFor(meta: TPredictionsMeta): TLabelType {
  if (meta.task === "regression") return "float64";
  if (meta.task === "binary" || meta.classLabels.length <= 256) return "uint8";
  return meta.classLabels.length <= 65_536 ? "uint16" : "uint32";
}

function scoresPerRowFor(meta: TPredictionsMeta): number {
  return meta.task === "multiclass" ? meta.classLabels.length : 1;
}

/**
 * Streams predictions to `path` (created; it must not exist). Synchronous writes of about a megabyte
 * each: the evaluation loop hands batches over synchronously, and a write to the page cache costs
 * less than scoring the rows it holds. The score type is taken from the first batch.
 */
export function createPredictionsWriter(path: string, meta: TPredictionsMeta): TPredictionsWriter {
  if (os.endianness() !== "LE") throw new Error("per-row predictions are written little-endian only");
  const fd = openSync(path, "wx");
  const scoresPerRow = scoresPerRowFor(meta);
  const labelType = labelTypeFor(meta);
  let header: TPredictionsHeader | null = null;
  let scoreStage: TScoreArray | null = null;
  let labelStage: TLabelArray | null = null;
  let capacity = 0;
  let staged = 0;
  let total = 0;
  let closed = false;

  const start = (scoreType: TScoreType) => {
    header = { version: FORMAT_VERSION, task: meta.task, scoreType, scoresPerRow, labelType, classLabels: meta.classLabels, threshold: meta.threshold };
    const bytesPerRow = scoresPerRow * SCORE_TYPES[scoreType].BYTES_PER_ELEMENT + LABEL_TYPES[labelType].BYTES_PER_ELEMENT;
    capacity = Math.max(256, Math.floor(BLOCK_BYTES / bytesPerRow));
    scoreStage = new SCORE_TYPES[scoreType](capacity * scoresPerRow);
    labelStage = new LABEL_TYPES[labelType](capacity);
    const json = Buffer.from(JSON.stringify(header), "utf8");
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32LE(json.length, 0);
    writevSync(fd, [MAGIC, prefix, json, Buffer.alloc(padding(json.length))]);
  };
  const flush = () => {
    if (staged === 0 || !scoreStage || !labelStage) return;
    const scores = bytesOf(scoreStage.subarray(0, staged * scoresPerRow));
    const labels = bytesOf(labelStage.subarray(0, staged));
    const blockHeader = Buffer.alloc(8);
    blockHeader.writeUInt32LE(staged, 0);
    writevSync(fd, [blockHeader, scores, labels, Buffer.alloc(padding(scores.length + labels.length))]);
    staged = 0;
  };
  const check = () => {
    if (closed) throw new Error("the predictions file is already closed");
  };

  return {
    add(scores, labels) {
      check();
      const rows = labels.length;
      if (scores.length !== rows * scoresPerRow) throw new RangeError(`expected ${rows * scoresPerRow} scores for ${rows} rows, got ${scores.length}`);
      if (!header) start(scores instanceof Float32Array ? "float32" : "float64");
      // A model's output type is fixed, so this only guards against a caller mixing arrays.
      if (header!.scoreType === "float32" && !(scores instanceof Float32Array)) throw new TypeError("the scores changed type between batches");
      for (let from = 0; from < rows; ) {
        const take = Math.min(rows - from, capacity - staged);
        scoreStage!.set(sliceOf(scores, from * scoresPerRow, (from + take) * scoresPerRow), staged * scoresPerRow);
        labelStage!.set(sliceOf(labels, from, from + take), staged);
        staged += take;
        from += take;
        if (staged === capacity) flush();
      }
      total += rows;
    },
    close() {
      check();
      if (!header) start("float32");
      flush();
      const end = Buffer.alloc(16);
      end.writeBigUInt64LE(BigInt(total), 8);
      writevSync(fd, [end, END_MAGIC]);
      closed = true;
      closeSync(fd);
      return total;
    },
    abort() {
      if (!closed) {
        closed = true;
        closeSync(fd);
      }
      rmSync(path, { force: true });
    },
  };
}

/**
 * Reads a predictions file whole and checks it: structure, row counts, that every score is finite
 * and every label a valid one for the task. The file was written by the evaluation sandbox, which
 * runs models nobody vetted, so nothing in it is trusted until checked.
 */
export async function readPredictions(path: string): Promise<TPredictions> {
  return parsePredictions(await fs.readFile(path));
}

export function parsePredictions(buf: Buffer): TPredictions {
  const bad = (why: string) => new Error(`not a valid predictions file: ${why}`);
  if (buf.length < 16 || !buf.subarray(0, 8).equals(MAGIC)) throw bad("unknown format");
  const headerLength = buf.readUInt32LE(8);
  let offset = 16 + headerLength + padding(headerLength);
  if (offset > buf.length) throw bad("truncated header");
  let raw: unknown;
  try {
    raw = JSON.parse(buf.subarray(16, 16 + headerLength).toString("utf8"));
  } catch {
    throw bad("unreadable header");
  }
  const parsed = ZHeader.safeParse(raw);
  if (!parsed.success) throw bad(`unexpected header (${parsed.error.issues[0]?.message})`);
  const header = parsed.data;
  if (header.scoresPerRow !== scoresPerRowFor(header) || header.labelType !== labelTypeFor(header)) throw bad("header does not match its task");
  const scoreBytes = SCORE_TYPES[header.scoreType].BYTES_PER_ELEMENT;
  const labelBytes = LABEL_TYPES[header.labelType].BYTES_PER_ELEMENT;
  const rowBytes = header.scoresPerRow * scoreBytes + labelBytes;

  // First pass: block boundaries and the row count, before allocating anything of that size.
  const blocks: { at: number; rows: number }[] = [];
  let rows = 0;
  for (;;) {
    if (offset + 8 > buf.length) throw bad("truncated (no end marker)");
    const r = buf.readUInt32LE(offset);
    if (r === 0) break;
    const size = r * rowBytes;
    if (offset + 8 + size > buf.length) throw bad("truncated block");
    blocks.push({ at: offset + 8, rows: r });
    rows += r;
    offset += 8 + size + padding(r * header.scoresPerRow * scoreBytes + r * labelBytes);
  }
  if (offset + 24 !== buf.length || !buf.subarray(offset + 16).equals(END_MAGIC)) throw bad("bad end marker");
  if (Number(buf.readBigUInt64LE(offset + 8)) !== rows) throw bad("the row count does not match the blocks");

  const scores = new SCORE_TYPES[header.scoreType](rows * header.scoresPerRow);
  const labels = new LABEL_TYPES[header.labelType](rows);
  const scoreView = bytesOf(scores);
  const labelView = bytesOf(labels);
  let row = 0;
  for (const b of blocks) {
    const s = b.rows * header.scoresPerRow * scoreBytes;
    buf.copy(scoreView, row * header.scoresPerRow * scoreBytes, b.at, b.at + s);
    buf.copy(labelView, row * labelBytes, b.at + s, b.at + s + b.rows * labelBytes);
    row += b.rows;
  }
  for (let i = 0; i < scores.length; i++) if (!Number.isFinite(scores[i])) throw bad(`score ${i} is not a finite number`);
  const classes = header.classLabels.length;
  const validLabel = header.task === "regression" ? Number.isFinite : header.task === "binary" ? (l: number) => l === 0 || l === 1 : (l: number) => l < classes;
  for (let i = 0; i < rows; i++) if (!validLabel(labels[i])) throw bad(`label of row ${i} is not valid for a ${header.task} model`);
  return { ...header, rows, scores, labels };
}

function padding(bytes: number): number {
  return (8 - (bytes % 8)) % 8;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function sliceOf(values: ArrayLike<number>, from: number, to: number): ArrayLike<number> {
  if (from === 0 && to === values.length) return values;
  if (ArrayBuffer.isView(values)) return (values as unknown as TScoreArray).subarray(from, to);
  return Array.prototype.slice.call(values, from, to) as number[];
}
