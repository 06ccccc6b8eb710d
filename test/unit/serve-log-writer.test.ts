import { describe, expect, it } from "vitest";
import { createPredictionLogWriter, type TPredictionLogEntry } from "@/lib/serving/create-prediction-log-writer";

// Batches reach the database as bytes: lines of COPY text, columns in prediction_logs' COPY order, id first.
const lines = (chunks: Buffer[]) => Buffer.concat(chunks).toString("utf8").split(/(?<=\n)/).filter(Boolean);
const ids = (chunks: Buffer[]) => lines(chunks).map((l) => l.split("\t")[0]);

// The buffering of prediction logs, with an in-memory insert standing in for the database write
// (the real write is covered by the serve integration tests).
const entry = (i: number): TPredictionLogEntry => ({
  id: `p${i}`, modelId: "m", versionId: "v", role: "CHAMPION", served: true, shadowOfId: null, tokenId: null,
  input: { x: i }, output: { value: i }, latencyMs: 0.1, at: Date.now(),
});

describe("prediction log writer", () => {
  it("writes in batches of at most batchRows, in order, and flush() waits for everything added before it", async () => {
    const batches: string[][] = [];
    const writer = createPredictionLogWriter({ insert: async (rows) => void batches.push(ids(rows)), batchRows: 4, flushMs: 10_000 });
    for (let i = 0; i < 10; i++) writer.add(entry(i));
    await writer.flush();
    expect(batches.flat()).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}`));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(4);
    expect(writer.stats()).toEqual({ written: 10, dropped: 0, buffered: 0, failedBatches: 0 });
    await writer.close();
  });

  it("records each entry as one COPY text line: its columns, its output as answered and its own time", async () => {
    const records: string[] = [];
    const writer = createPredictionLogWriter({ insert: async (rows) => void records.push(...lines(rows)), flushMs: 10_000 });
    writer.add({ ...entry(7), role: "CHALLENGER", served: false, shadowOfId: "p6", tokenId: "tok", at: Date.UTC(2026, 10, 29, 12, 0, 0, 123) });
    writer.add({ ...entry(8), input: { note: "tab\there, \"quoted\"\nback\\slash" } });
    await writer.close();
    expect(records[0]).toBe('p7\tm\tv\tCHALLENGER\tf\tp6\ttok\t{"x":7}\t{"value":7}\t0.1\t2026-11-29T12:00:00.123Z\n');
    const cols = records[1].slice(0, -1).split("\t");
    expect(cols).toHaveLength(11);
    expect(cols[6]).toBe("\\N");
    // COPY text unescaping (\\ → \), then JSON, gives the input back.
    expect(JSON.parse(cols[7].replace(/\\\\/g, "\\"))).toEqual({ note: "tab\there, \"quoted\"\nback\\slash" });
  });

  it("keeps every line whole across chunks: multi-byte text, a row wider than a chunk, chunks reused between batches", async () => {
    const seen: { rows: number; lines: string[] }[] = [];
    const writer = createPredictionLogWriter({ insert: async (chunks, rows) => void seen.push({ rows, lines: lines(chunks) }), batchRows: 1_000, flushMs: 10_000 });
    const wide = "x".repeat(200_000);
    for (let i = 0; i < 3_000; i++) writer.add({ ...entry(i), input: i === 1_234 ? { note: wide } : { note: `é€😀 ${i}`, n: i } });
    await writer.close();
    expect(seen.map((b) => b.rows)).toEqual([1_000, 1_000, 1_000]);
    const all = seen.flatMap((b) => b.lines);
    expect(seen.every((b) => b.lines.length === b.rows)).toBe(true);
    expect(all.map((l) => l.split("\t")[0])).toEqual(Array.from({ length: 3_000 }, (_, i) => `p${i}`));
    expect(JSON.parse(all[2_999].split("\t")[7])).toEqual({ note: "é€😀 2999", n: 2_999 });
    expect(JSON.parse(all[1_234].split("\t")[7])).toEqual({ note: wide });
    expect(writer.stats()).toEqual({ written: 3_000, dropped: 0, buffered: 0, failedBatches: 0 });
  });

  it("flushes on its timer without being asked", async () => {
    const written: string[] = [];
    const writer = createPredictionLogWriter({ insert: async (rows) => void written.push(...ids(rows)), flushMs: 20 });
    writer.add(entry(1));
    await new Promise((r) => setTimeout(r, 80));
    expect(written).toEqual(["p1"]);
    await writer.close();
  });

  it("is bounded: while the database is stuck, entries past maxBuffered are dropped and counted, not kept", async () => {
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((r) => (release = r));
    const written: string[] = [];
    const writer = createPredictionLogWriter({ insert: async (rows) => { await stuck; written.push(...ids(rows)); }, batchRows: 5, maxBuffered: 20, flushMs: 10_000 });
    for (let i = 0; i < 100; i++) writer.add(entry(i));
    // One batch of 5 is with the database; 20 wait; the other 75 were dropped.
    expect(writer.stats()).toMatchObject({ dropped: 75, buffered: 20 });
    release();
    await writer.flush();
    expect(written).toHaveLength(25);
    expect(writer.stats()).toMatchObject({ written: 25, dropped: 75, buffered: 0 });
    await writer.close();
  });

  it("retries a failed batch once, then drops it so later batches still land", async () => {
    const attempts: string[] = [];
    const writer = createPredictionLogWriter({
      insert: async (rows) => {
        attempts.push(ids(rows)[0]);
        if (ids(rows).includes("p0")) throw new Error("refused");
      },
      batchRows: 2, flushMs: 10_000,
    });
    for (let i = 0; i < 4; i++) writer.add(entry(i));
    await writer.flush();
    expect(attempts).toEqual(["p0", "p0", "p2"]);
    expect(writer.stats()).toEqual({ written: 2, dropped: 2, buffered: 0, failedBatches: 2 });
    await writer.close();
  });
});
