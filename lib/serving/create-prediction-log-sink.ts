import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export type TPredictionLogSink = {
  /** Writes one batch of COPY text lines (see toCopyLine in create-prediction-log-writer.ts), as bytes, in one statement. */
  insert(chunks: Buffer[]): Promise<void>;
  close(): Promise<void>;
};

const COPY_SQL = `COPY prediction_logs (id, model_id, version_id, role, served, shadow_of_id, token_id, input, output, latency_ms, created_at) FROM STDIN`;

// COPY FROM STDIN in text format on a connection of its own, one statement per batch. It replaced an
// INSERT … SELECT FROM jsonb_to_recordset($1) (itself replacing createMany, which cost serve more CPU
// than the predictions it logged): PostgreSQL reads each row's columns directly instead of parsing
// one large JSON document first. Backend CPU per logged row, 60k rows into prediction_logs: 16 µs
// (INSERT, batches of 1,000) → 12 µs (COPY, 1,000) → 9.5 µs (COPY, 5,000). Then the rows got
// cheaper themselves (100k rows, batches of 5,000, 8-feature inputs): 17–19 µs with random UUIDs as
// ids and a copy of each id in an indexed request_row_id → 7.5 µs with time-ordered ids
// (prediction-id.ts), shadow_of_id set on shadow rows only and input stored as json. Prisma cannot COPY,
// hence a plain pg pool of one connection: the writer sends one batch at a time anyway.
//
// synchronous_commit = off on this connection only: a commit returns before its WAL reaches disk, so
// a PostgreSQL crash (not a serve crash) can lose the last fraction of a second of logged predictions
// — never corrupt or half-write them. Prediction logs are sampled observations, and the saved fsync
// per batch is CPU and disk the predictions share. Nothing else serve writes uses this connection.
export function createPredictionLogSink(url: string = env.DATABASE_URL): TPredictionLogSink {
  const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 30_000, options: "-c synchronous_commit=off" });
  // An idle connection the server drops must not crash serve; the next batch opens a new one.
  pool.on("error", (err) => logger.warn("serve: prediction log connection lost; the next batch reconnects", { err }));
  return {
    async insert(chunks) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await copyIn(client, chunks);
      } catch (err) {
        broken = err instanceof Error ? err : new Error(String(err));
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

// One COPY … FROM STDIN of the bytes in `chunks`: resolves once PostgreSQL has committed them (and the
// chunks are no longer referenced). Written straight to the
// COPY stream: stream.pipeline would make an AbortController per batch and abort it at the end, whose
// DOMException (a stack trace, source-mapped under tsx) cost more than the batch's own writing.
function copyIn(client: pg.PoolClient, chunks: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(COPY_SQL));
    stream.once("error", reject);
    stream.once("finish", () => resolve());
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
}
