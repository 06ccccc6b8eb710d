import { logger } from "@/lib/logger";

export type TPredictionLogEntry = {
  id: string;
  modelId: string;
  versionId: string;
  role: "CHAMPION" | "CHALLENGER";
  served: boolean;
  /** A shadow challenger's row: the served prediction it shadows; null on served rows. */
  shadowOfId: string | null;
  tokenId: string | null;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  latencyMs: number;
  /** When the prediction was made (ms since the epoch): the row's created_at, not when the batch lands. */
  at: number;
};

export type TPredictionLogStats = { written: number; dropped: number; buffered: number; failedBatches: number };

export type TPredictionLogWriter = {
  /** Never blocks and never throws: the entry waits in memory, or is dropped (and counted) when the buffer is full. */
  add(entry: TPredictionLogEntry): void;
  /** Writes everything buffered so far. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left (shutdown). */
  close(): Promise<void>;
  stats(): TPredictionLogStats;
};

/**
 * `insert`: writes one batch of prediction_logs rows in COPY text format (see toCopyLine): `chunks`
 * hold the lines back to back, `rows` of them (lib/serving/create-prediction-log-sink.ts in serve).
 * The chunks are reused once the promise settles, so the sink must be done with them by then.
 */
type TOptions = { insert: (chunks: Buffer[], rows: number) => Promise<void>; flushMs?: number; batchRows?: number; maxBuffered?: number };

const WARN_EVERY_MS = 10_000;
// Lines are encoded into chunks of this size as they are added, chunks come back to a pool after
// their batch is written: what waits for the database is bytes outside the JavaScript heap, never a
// string per prediction for the garbage collector to promote and copy, and no joined megabyte-string
// per batch in fresh memory (whose page faults, on these machines, cost more than the copying).
const CHUNK_BYTES = 256 * 1024;
const MAX_POOLED_CHUNKS = 64;

/** Lines back to back in `chunks`, the i-th filled up to lengths[i]; only the last still takes lines. */
type TBatch = { chunks: Buffer[]; lengths: number[]; rows: number };

/**
 * Prediction logs leave the request path: entries are buffered and written in one statement every
 * `flushMs` or as soon as `batchRows` wait, one write at a time. The buffer is bounded: when the
 * database falls behind, new entries are dropped and counted (with a warning at most every 10 s)
 * rather than growing memory until the process dies. A failed batch is retried once, then dropped
 * (a row the database refuses must not block every later one).
 */
export function createPredictionLogWriter(opts: TOptions): TPredictionLogWriter {
  const flushMs = opts.flushMs ?? 500;
  const batchRows = opts.batchRows ?? 5_000;
  const maxBuffered = opts.maxBuffered ?? 50_000;
  const pool: Buffer[] = [];
  // Full batches in order, then the one being filled (always last).
  const batches: TBatch[] = [];
  // Rows in `batches` (not the batch with the database, nor one waiting to be retried).
  let waiting = 0;
  let retry: TBatch | null = null;
  const stats = { written: 0, dropped: 0, failedBatches: 0 };
  // Entries accepted, and entries written or given up on: flush() waits for the second to reach the first.
  let accepted = 0;
  let settled = 0;
  let droppedSinceWarning = 0;
  let lastWarning = 0;
  let writing: Promise<void> | null = null;

  const drop = (n: number) => {
    stats.dropped += n;
    droppedSinceWarning += n;
    const now = Date.now();
    if (now - lastWarning < WARN_EVERY_MS) return;
    lastWarning = now;
    logger.warn("prediction logs dropped: the database is not keeping up or refused them", { dropped: droppedSinceWarning, droppedTotal: stats.dropped, buffered: waiting });
    droppedSinceWarning = 0;
  };

  const newBatch = (): TBatch => ({ chunks: [], lengths: [], rows: 0 });
  // The batch's bytes as the sink takes them.
  const filled = (batch: TBatch): Buffer[] => batch.chunks.map((c, i) => (batch.lengths[i] === c.length ? c : c.subarray(0, batch.lengths[i])));
  const recycle = (batch: TBatch) => {
    for (const c of batch.chunks) if (c.length === CHUNK_BYTES && pool.length < MAX_POOLED_CHUNKS) pool.push(c);
    batch.chunks.length = 0;
    batch.lengths.length = 0;
  };

  function append(line: string) {
    let batch = batches[batches.length - 1];
    if (!batch || batch.rows >= batchRows) {
      batch = newBatch();
      batches.push(batch);
    }
    batch.rows++;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const worst = line.length * 3;
    const at = batch.chunks.length - 1;
    if (at >= 0 && batch.chunks[at].length === CHUNK_BYTES && batch.lengths[at] + worst <= CHUNK_BYTES) {
      batch.lengths[at] += batch.chunks[at].write(line, batch.lengths[at], "utf8");
      return;
    }
    if (worst > CHUNK_BYTES) {
      // A row larger than a chunk (very wide inputs) gets a buffer of its own.
      const own = Buffer.from(line, "utf8");
      batch.chunks.push(own);
      batch.lengths.push(own.length);
      return;
    }
    const chunk = pool.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    batch.chunks.push(chunk);
    batch.lengths.push(chunk.write(line, 0, "utf8"));
  }

  // Drains the buffer one batch at a time; a failure ends the round (the timer starts the next).
  function drain(): Promise<void> {
    if (writing) return writing;
    writing = (async () => {
      try {
        while (retry || batches.length) {
          const again = retry !== null;
          const batch = retry ?? batches.shift()!;
          if (!again) waiting -= batch.rows;
          retry = null;
          try {
            await opts.insert(filled(batch), batch.rows);
            stats.written += batch.rows;
            settled += batch.rows;
            recycle(batch);
          } catch (err) {
            stats.failedBatches++;
            if (again) {
              logger.warn("prediction log batch failed twice; dropped", { rows: batch.rows, err });
              drop(batch.rows);
              settled += batch.rows;
              recycle(batch);
            } else {
              logger.warn("prediction log batch failed; retrying once", { rows: batch.rows, err });
              retry = batch;
            }
            return;
          }
        }
      } finally {
        writing = null;
      }
    })();
    return writing;
  }

  const timer = setInterval(() => {
    if (batches.length || retry) void drain();
  }, flushMs);
  timer.unref();

  const flush = async () => {
    const target = accepted;
    // Every batch is written or dropped after its second attempt, so this ends even with the database down.
    while (settled < target) await drain();
  };

  return {
    add(entry) {
      if (waiting + (retry?.rows ?? 0) >= maxBuffered) {
        drop(1);
        return;
      }
      append(toCopyLine(entry));
      waiting++;
      accepted++;
      if (!writing && (batches.length > 1 || batches[0].rows >= batchRows)) void drain();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
    stats: () => ({ ...stats, buffered: waiting + (retry?.rows ?? 0) }),
  };
}

/**
 * One prediction_logs row as a line of COPY text format (columns in the order of COPY_SQL in
 * lib/serving/create-prediction-log-sink.ts). Serialised and encoded when the entry is added: what
 * waits for the database is a few hundred bytes per prediction for a tabular row, so the bound on
 * the buffer bounds memory, and the request's objects are not kept.
 */
export function toCopyLine(e: TPredictionLogEntry): string {
  return `${copyText(e.id)}\t${copyText(e.modelId)}\t${copyText(e.versionId)}\t${e.role}\t${e.served ? "t" : "f"}\t${e.shadowOfId === null ? "\\N" : copyText(e.shadowOfId)}\t${e.tokenId === null ? "\\N" : copyText(e.tokenId)}\t${copyText(JSON.stringify(e.input))}\t${copyText(JSON.stringify(e.output))}\t${e.latencyMs}\t${isoTime(e.at)}\n`;
}

// Predictions made in the same millisecond (dozens under load) share one formatted timestamp.
let lastAt = NaN;
let lastIso = "";

function isoTime(at: number): string {
  if (at !== lastAt) {
    lastIso = new Date(at).toISOString();
    lastAt = at;
  }
  return lastIso;
}

// COPY text format: backslash starts an escape, tab and newline end a column and a row. JSON text has
// no raw control characters, but its own escapes contain backslashes.
function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}
