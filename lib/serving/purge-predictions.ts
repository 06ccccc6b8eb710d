import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { logger } from "@/lib/logger";
import { SERVING_DEFAULTS } from "@/lib/serving/serving-settings";

const DAY_MS = 86_400_000;
const DEFAULT_BATCH = 5_000;

export type TPurgedModel = { modelId: string; retentionDays: number; cutoff: string; predictions: number; feedback: number };

/**
 * The daily retention purge (housekeeping task "retention"): deletes prediction logs older than each
 * model's retentionDays (SERVING_DEFAULTS without a serving config), with their ground truth. Rows go
 * in batches, each its own short transaction on the (model_id, created_at) index, so a large backlog
 * never holds long locks and a crash keeps what was done (the next run carries on). One audit event
 * sums up the run, written even when the run fails half-way, for what it did delete.
 */
export async function purgePredictions(opts: { now?: Date; batchSize?: number } = {}) {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const models = await db.$queryRaw<{ id: string; retention_days: number | null }[]>`
    SELECT m.id, s.retention_days FROM registered_models m LEFT JOIN serving_configs s ON s.model_id = m.id
    WHERE EXISTS (SELECT 1 FROM prediction_logs p WHERE p.model_id = m.id)`;
  const purged: TPurgedModel[] = [];
  let failure: unknown = null;
  try {
    for (const m of models) {
      const retentionDays = m.retention_days ?? SERVING_DEFAULTS.retentionDays;
      const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
      const entry: TPurgedModel = { modelId: m.id, retentionDays, cutoff: cutoff.toISOString(), predictions: 0, feedback: 0 };
      for (;;) {
        // Feedback goes by ON DELETE CASCADE; it is counted first, in the same statement's snapshot.
        const [batch] = await db.$queryRaw<{ predictions: number; feedback: number }[]>`
          WITH victims AS (
            SELECT id FROM prediction_logs WHERE model_id = ${m.id} AND created_at < ${cutoff}::timestamp
            ORDER BY created_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
          ), fb AS (
            SELECT count(*)::int AS n FROM feedback WHERE prediction_id IN (SELECT id FROM victims)
          ), gone AS (
            DELETE FROM prediction_logs WHERE id IN (SELECT id FROM victims) RETURNING 1
          )
          SELECT (SELECT count(*)::int FROM gone) AS predictions, (SELECT n FROM fb) AS feedback`;
        entry.predictions += batch.predictions;
        entry.feedback += batch.feedback;
        if (batch.predictions < batchSize) break;
      }
      if (entry.predictions > 0) purged.push(entry);
    }
  } catch (e) {
    failure = e;
  }
  const total = { predictions: purged.reduce((s, p) => s + p.predictions, 0), feedback: purged.reduce((s, p) => s + p.feedback, 0) };
  try {
    await db.$transaction((tx) =>
      appendAuditEvent(tx, {
        actor: { system: "retention" }, teamId: null, action: "predictions.purged", subjectType: "prediction_logs", subjectId: now.toISOString().slice(0, 10),
        after: { at: now.toISOString(), ...total, models: purged, ...(failure ? { incomplete: String((failure as Error).message ?? failure).slice(0, 500) } : {}) },
      }),
    );
  } catch (e) {
    logger.warn("could not audit the retention purge", { err: e, ...total });
    failure ??= e;
  }
  if (failure) throw failure;
  return { models: purged, ...total };
}
