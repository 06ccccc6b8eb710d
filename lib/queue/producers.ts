import { Queue } from "bullmq";
import { env } from "@/lib/env";
import { DEFAULT_JOB_OPTIONS, jobIdFor, PAYLOAD_SCHEMAS, type TQueueName } from "@/lib/queue/queues";
import { redis } from "@/lib/queue/redis";
import type { z } from "zod";

const globalForQueues = globalThis as unknown as { modelgateQueues?: Map<string, Queue> };

export function getQueue(name: TQueueName): Queue {
  const queues = (globalForQueues.modelgateQueues ??= new Map());
  const key = `${env.QUEUE_PREFIX}|${name}`;
  let queue = queues.get(key);
  if (!queue) {
    queue = new Queue(name, { connection: redis(), prefix: env.QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS[name] });
    queue.on("error", () => {
      // Errors reach the caller of add(); this listener only keeps them from being unhandled.
    });
    queues.set(key, queue);
  }
  return queue;
}

// Enqueue the BullMQ job for a row. The row is the truth: if this fails, the reconciler enqueues it
// later, so callers log and continue rather than undo the row.
export async function enqueue<N extends TQueueName>(name: N, rowId: string, payload: z.infer<(typeof PAYLOAD_SCHEMAS)[N]>): Promise<void> {
  const data = PAYLOAD_SCHEMAS[name].parse(payload);
  await getQueue(name).add(name, data, { jobId: jobIdFor(rowId) });
}
