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

/** `insert`: writes one batch of COPY text lines (see toCopyLine; lib/serving/create-prediction-log-sink.ts in serve). */
type TOptions = { insert: (records: string[]) => Promise<void>; flushMs?: number; batchRows?: number; maxBuffered?: number };

const WARN_EVERY_MS = 10_000;

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
  const buffer: string[] = [];
  let retry: string[] | null = null;
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
    logger.warn("prediction logs dropped: the database is not keeping up or refused them", { dropped: droppedSinceWarning, droppedTotal: stats.dropped, buffered: buffer.length });
    droppedSinceWarning = 0;
  };

  // Drains the buffer one batch at a time; a failure ends the round (the timer starts the next).
  function drain(): Promise<void> {
    if (writing) return writing;
    writing = (async () => {
      try {
        while (retry || buffer.length) {
          const again = retry !== null;
          const rows = retry ?? buffer.splice(0, batchRows);
          retry = null;
          try {
            await opts.insert(rows);
            stats.written += rows.length;
            settled += rows.length;
          } catch (err) {
            stats.failedBatches++;
            if (again) {
              logger.warn("prediction log batch failed twice; dropped", { rows: rows.length, err });
              drop(rows.length);
              settled += rows.length;
            } else {
              logger.warn("prediction log batch failed; retrying once", { rows: rows.length, err });
              retry = rows;
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
    if (buffer.length || retry) void drain();
  }, flushMs);
  timer.unref();

  const flush = async () => {
    const target = accepted;
    // Every batch is written or dropped after its second attempt, so this ends even with the database down.
    while (settled < target) await drain();
  };

  return {
    add(entry) {
      if (buffer.length + (retry?.length ?? 0) >= maxBuffered) {
        drop(1);
        return;
      }
      buffer.push(toCopyLine(entry));
      accepted++;
      if (buffer.length >= batchRows && !writing) void drain();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
    stats: () => ({ ...stats, buffered: buffer.length + (retry?.length ?? 0) }),
  };
}

/**
 * One prediction_logs row as a line of COPY text format (columns in the order of COPY_SQL in
 * lib/serving/create-prediction-log-sink.ts). Serialised when the entry is added: what waits for the
 * database is one flat string per prediction (a few hundred bytes for a tabular row), so the bound on
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
