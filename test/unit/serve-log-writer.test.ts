import { describe, expect, it } from "vitest";
import { createPredictionLogWriter, type TPredictionLogEntry } from "@/lib/serving/create-prediction-log-writer";

// Batches reach the database as lines of COPY text, columns in prediction_logs' COPY order, id first.
const ids = (lines: string[]) => lines.map((l) => l.split("\t")[0]);

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
    const writer = createPredictionLogWriter({ insert: async (rows) => void records.push(...rows), flushMs: 10_000 });
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
