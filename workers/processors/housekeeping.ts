import { UnrecoverableError, type Job, type Queue } from "bullmq";
import { reconcileJobs } from "@/lib/jobs/reconcile-jobs";
import { ZHousekeepingPayload } from "@/lib/queue/queues";

export function makeHousekeepingProcessor(queues: { intake: Queue; evaluate: Queue; webhook?: Queue }) {
  return async function processHousekeeping(job: Job): Promise<{ requeued: number }> {
    const parsed = ZHousekeepingPayload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid housekeeping payload: ${parsed.error.message}`);
    return { requeued: await reconcileJobs(queues) };
  };
}
