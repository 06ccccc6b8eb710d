import type { Queue } from "bullmq";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { jobIdFor } from "@/lib/queue/queues";
import { reconcileWebhookDeliveries } from "@/lib/webhooks/reconcile-deliveries";

const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

// The row is the truth (DESIGN.md): a run still QUEUED or RUNNING whose BullMQ job Redis no longer
// has (flushed, lost, or the enqueue after the row was written failed) is enqueued again.
export async function reconcileJobs(queues: { intake: Queue; evaluate: Queue; webhook?: Queue }, { olderThanMs = 30_000 } = {}): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const where = { status: { in: ["QUEUED" as const, "RUNNING" as const] }, updatedAt: { lt: cutoff } };
  const [intake, evaluate] = await Promise.all([
    db.intakeRun.findMany({ where, select: { id: true }, take: 500 }),
    db.evaluationRun.findMany({ where, select: { id: true }, take: 500 }),
  ]);
  const requeued = (await requeue(queues.intake, "intake", intake)) + (await requeue(queues.evaluate, "evaluate", evaluate))
    + (queues.webhook ? await reconcileWebhookDeliveries(queues.webhook, { olderThanMs }) : 0);
  if (requeued) logger.info("reconciler re-enqueued runs", { requeued });
  return requeued;
}

async function requeue(queue: Queue, name: string, rows: { id: string }[]): Promise<number> {
  let n = 0;
  for (const row of rows) {
    const job = await queue.getJob(jobIdFor(row.id));
    const state = job ? await job.getState() : "missing";
    if (LIVE_STATES.has(state)) continue;
    if (job) await job.remove().catch(() => undefined);
    await queue.add(name, { runId: row.id }, { jobId: jobIdFor(row.id) });
    n += 1;
  }
  return n;
}
