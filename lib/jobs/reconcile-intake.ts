import type { Queue } from "bullmq";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { jobIdFor } from "@/lib/queue/queues";

// The row is the truth (DESIGN.md): an intake run still QUEUED or RUNNING whose BullMQ job Redis no
// longer has (flushed, lost, or the enqueue after the upload failed) is enqueued again.
export async function reconcileIntake(queue: Queue, { olderThanMs = 30_000 } = {}): Promise<number> {
  const stale = await db.intakeRun.findMany({
    where: { status: { in: ["QUEUED", "RUNNING"] }, updatedAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true },
    take: 500,
  });
  let requeued = 0;
  for (const run of stale) {
    const job = await queue.getJob(jobIdFor(run.id));
    const state = job ? await job.getState() : "missing";
    if (state === "waiting" || state === "active" || state === "delayed" || state === "prioritized" || state === "waiting-children") continue;
    if (job) await job.remove().catch(() => undefined);
    await queue.add("intake", { runId: run.id }, { jobId: jobIdFor(run.id) });
    requeued += 1;
  }
  if (requeued) logger.info("reconciler re-enqueued intake runs", { requeued });
  return requeued;
}
