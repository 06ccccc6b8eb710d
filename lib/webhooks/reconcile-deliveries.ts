import type { Queue } from "bullmq";
import { db } from "@/lib/db";
import { jobIdFor } from "@/lib/queue/queues";
import { failWebhookDelivery } from "@/lib/webhooks/deliver-webhook";

const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

// Deliveries still QUEUED or RUNNING whose BullMQ job Redis no longer has (flushed, or the enqueue
// after the commit failed) are enqueued again. A job BullMQ already gave up on whose row was not
// marked (the worker died between the two) is marked FAILED rather than retried from scratch.
// `olderThanMs` (on createdAt: the row has no updatedAt) leaves time for the enqueue that follows
// the commit.
export async function reconcileWebhookDeliveries(queue: Queue, { olderThanMs = 30_000 } = {}): Promise<number> {
  const rows = await db.webhookDelivery.findMany({
    where: { status: { in: ["QUEUED", "RUNNING"] }, createdAt: { lt: new Date(Date.now() - olderThanMs) } },
    orderBy: { createdAt: "asc" },
    select: { id: true },
    take: 500,
  });
  let requeued = 0;
  for (const row of rows) {
    const job = await queue.getJob(jobIdFor(row.id));
    const state = job ? await job.getState() : "missing";
    if (LIVE_STATES.has(state)) continue;
    if (job && state === "failed") {
      await failWebhookDelivery(row.id, job.failedReason ?? "the delivery job failed");
      continue;
    }
    if (job) await job.remove().catch(() => undefined);
    await queue.add(queue.name, { deliveryId: row.id }, { jobId: jobIdFor(row.id) });
    requeued += 1;
  }
  return requeued;
}
