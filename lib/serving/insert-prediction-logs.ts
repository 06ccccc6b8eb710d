import { db, type PrismaClient } from "@/lib/db";

// One INSERT … SELECT FROM jsonb_to_recordset($1) per batch: the batch is one JSON text (the records
// lib/serving/create-prediction-log-writer.ts serialised as predictions were added), parsed once by
// PostgreSQL. createMany builds and compiles a statement with ten parameters per row, which cost
// serve more CPU than the predictions it logged (about 4x fewer requests per second, measured with
// `npm run bench -- serve`).
export async function insertPredictionLogs(records: string[], client: PrismaClient = db): Promise<void> {
  await client.$executeRawUnsafe(
    `INSERT INTO prediction_logs (id, model_id, version_id, role, served, request_row_id, token_id, input, output, latency_ms, created_at)
     SELECT id, model_id, version_id, role::"PredictionRole", served, request_row_id, token_id, input, output, latency_ms, created_at
     FROM jsonb_to_recordset($1::jsonb) AS t(id text, model_id text, version_id text, role text, served boolean, request_row_id text, token_id text, input jsonb, output jsonb, latency_ms float8, created_at timestamp(3))`,
    `[${records.join(",")}]`,
  );
}
