import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPredictionsWriter, parsePredictions, readPredictions, type TPredictionsMeta } from "@/lib/evaluation/predictions-file";

// The per-row predictions file: what goes in comes back, in row order, across block boundaries and
// batch sizes; a damaged or truncated file is refused rather than read as fewer rows.
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mg-predictions-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let fileNo = 0;
function write(meta: TPredictionsMeta, batches: [ArrayLike<number>, ArrayLike<number>][]): string {
  const file = path.join(dir, `p${fileNo++}.bin`);
  const writer = createPredictionsWriter(file, meta);
  for (const [scores, labels] of batches) writer.add(scores, labels);
  writer.close();
  return file;
}

describe("predictions file", () => {
  it("round-trips binary float32 scores and 0/1 labels, batch by batch", async () => {
    const n = 2500;
    const scores = Float32Array.from({ length: n }, (_, i) => Math.fround(((i * 7919) % 1000) / 1000));
    const labels = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const batches: [Float32Array, Uint8Array][] = [];
    for (let i = 0; i < n; i += 1024) batches.push([scores.subarray(i, i + 1024), labels.subarray(i, i + 1024)]);
    const file = write({ task: "binary", classLabels: ["no", "yes"], threshold: 0.5 }, batches);
    const p = await readPredictions(file);
    expect(p).toMatchObject({ version: 1, task: "binary", rows: n, scoreType: "float32", scoresPerRow: 1, labelType: "uint8", classLabels: ["no", "yes"], threshold: 0.5 });
    expect(p.scores).toEqual(scores);
    expect(p.labels).toEqual(labels);
    // 5 bytes a row, plus a header, one block header and the end marker.
    expect(fs.statSync(file).size).toBeLessThan(5 * n + 200);
  });

  it("keeps float64 scores as float64 and regression targets exactly", async () => {
    const predictions = Float64Array.from([0.1, 1e-300, -3.5, 12345.678901234567]);
    const targets = Float64Array.from([0.2, 0, -4, 12345.5]);
    const p = await readPredictions(write({ task: "regression", classLabels: [], threshold: null }, [[predictions, targets]]));
    expect(p).toMatchObject({ task: "regression", scoreType: "float64", labelType: "float64", rows: 4, threshold: null });
    expect(Array.from(p.scores)).toEqual(Array.from(predictions));
    expect(Array.from(p.labels)).toEqual(Array.from(targets));
  });

  it("splits many multiclass rows over several blocks and reads them back in order", async () => {
    // 300 classes: 1,202 bytes a row (float32 × 300 + uint16), so a block holds about 870 rows.
    const k = 300;
    const n = 2000;
    const classLabels = Array.from({ length: k }, (_, c) => `c${c}`);
    const scores = Float32Array.from({ length: n * k }, (_, i) => Math.fround((i % 997) / 997));
    const labels = Float64Array.from({ length: n }, (_, i) => (i * 31) % k);
    const batches: [Float32Array, Float64Array][] = [];
    for (let i = 0; i < n; i += 333) batches.push([scores.subarray(i * k, Math.min(n, i + 333) * k), labels.subarray(i, i + 333)]);
    const p = await readPredictions(write({ task: "multiclass", classLabels, threshold: null }, batches));
    expect(p).toMatchObject({ task: "multiclass", rows: n, scoresPerRow: k, labelType: "uint16" });
    expect(p.scores).toBeInstanceOf(Float32Array);
    // Byte for byte (a deep equal of 600,000 numbers is slow).
    expect(Buffer.from(p.scores.buffer, p.scores.byteOffset, p.scores.byteLength).equals(Buffer.from(scores.buffer))).toBe(true);
    expect(Array.from(p.labels)).toEqual(Array.from(labels));
  });

  it("writes an empty file that reads as zero rows", async () => {
    const p = await readPredictions(write({ task: "binary", classLabels: ["0", "1"], threshold: 0.5 }, []));
    expect(p.rows).toBe(0);
  });

  it("refuses truncated, padded and corrupted files", () => {
    const file = write({ task: "binary", classLabels: ["0", "1"], threshold: 0.5 }, [[Float32Array.from([0.1, 0.9, 0.4]), Uint8Array.from([0, 1, 0])]]);
    const bytes = fs.readFileSync(file);
    expect(() => parsePredictions(bytes.subarray(0, bytes.length - 1))).toThrow(/not a valid predictions file/);
    expect(() => parsePredictions(bytes.subarray(0, 40))).toThrow(/truncated|end marker/);
    expect(() => parsePredictions(Buffer.concat([bytes, Buffer.alloc(8)]))).toThrow(/end marker/);
    expect(() => parsePredictions(Buffer.from("rows,scores\n1,2\n"))).toThrow(/unknown format/);
    // A label of 2 in a binary file: the reader does not trust what the sandbox wrote.
    const badLabel = Buffer.from(bytes);
    // The one block (8-byte header, 12 bytes of scores, 3 of labels, 1 of padding) sits before the 24-byte end.
    const labelsAt = badLabel.length - 24 - 24 + 8 + 12;
    expect(badLabel[labelsAt + 1]).toBe(1);
    badLabel[labelsAt + 1] = 2;
    expect(() => parsePredictions(badLabel)).toThrow(/label of row 1/);
    // A row count in the end marker that disagrees with the blocks.
    const badCount = Buffer.from(bytes);
    badCount.writeBigUInt64LE(4n, badCount.length - 16);
    expect(() => parsePredictions(badCount)).toThrow(/row count/);
  });

  it("checks batch shapes, and aborting leaves no file", () => {
    const file = path.join(dir, "aborted.bin");
    const writer = createPredictionsWriter(file, { task: "multiclass", classLabels: ["a", "b", "c"], threshold: null });
    expect(() => writer.add(Float32Array.from([0.2, 0.8]), [1])).toThrow(/expected 3 scores/);
    writer.add(Float32Array.from([0.2, 0.3, 0.5]), [2]);
    writer.abort();
    expect(fs.existsSync(file)).toBe(false);
    // An existing file is never overwritten.
    fs.writeFileSync(file, "x");
    expect(() => createPredictionsWriter(file, { task: "binary", classLabels: ["0", "1"], threshold: 0.5 })).toThrow(/EEXIST/);
  });
});
