import type { Queue } from "bullmq";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { jobIdFor, QUEUE_NAMES } from "@/lib/queue/queues";
import { reconcileWebhookDeliveries } from "@/lib/webhooks/reconcile-deliveries";
import { syncScoringSchedules } from "@/lib/scoring/sync-scoring-schedules";

const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

// The row is the truth (DESIGN.md): a run still QUEUED or RUNNING whose BullMQ job Redis no longer
// has (flushed, lost, or the enqueue after the row was written failed) is enqueued again.
export async function reconcileJobs(queues: { intake: Queue; evaluate: Queue; webhook?: Queue; score?: Queue; housekeeping?: Queue }, { olderThanMs = 30_000 } = {}): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const where = { status: { in: ["QUEUED" as const, "RUNNING" as const] }, updatedAt: { lt: cutoff } };
  const [intake, evaluate] = await Promise.all([
    db.intakeRun.findMany({ where, select: { id: true }, take: 500 }),
    db.evaluationRun.findMany({ where, select: { id: true }, take: 500 }),
  ]);
  const requeued = (await requeue(queues.intake, "intake", intake)) + (await requeue(queues.evaluate, "evaluate", evaluate))
    + (queues.webhook ? await reconcileWebhookDeliveries(queues.webhook, { olderThanMs }) : 0)
    // Score jobs carry { jobId } (lib/queue/queues.ts), not { runId }.
    + (queues.score ? await requeue(queues.score, QUEUE_NAMES.score, await db.scoringJob.findMany({ where, select: { id: true }, take: 500 }), (id) => ({ jobId: id })) : 0);
  // Scoring schedules live in the database; a scheduler Redis lost (or one never written) comes back.
  if (queues.housekeeping) await syncScoringSchedules(queues.housekeeping).catch((err) => logger.warn("scoring schedule sync failed", { err }));
  if (requeued) logger.info("reconciler re-enqueued runs", { requeued });
  return requeued;
}

async function requeue(queue: Queue, name: string, rows: { id: string }[], payloadOf: (id: string) => object = (id) => ({ runId: id })): Promise<number> {
  let n = 0;
  for (const row of rows) {
    const job = await queue.getJob(jobIdFor(row.id));
    const state = job ? await job.getState() : "missing";
    if (LIVE_STATES.has(state)) continue;
    if (job) await job.remove().catch(() => undefined);
    await queue.add(name, payloadOf(row.id), { jobId: jobIdFor(row.id) });
    n += 1;
  }
  return n;
}
