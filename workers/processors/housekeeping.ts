import { UnrecoverableError, type Job, type Queue } from "bullmq";
import { reconcileJobs } from "@/lib/jobs/reconcile-jobs";
import { ZHousekeepingPayload } from "@/lib/queue/queues";
import { purgePredictions } from "@/lib/serving/purge-predictions";
import { fireScoringSchedule, type TFireResult } from "@/lib/scoring/fire-scoring-schedule";

export function makeHousekeepingProcessor(queues: { intake: Queue; evaluate: Queue; webhook?: Queue; score?: Queue; housekeeping?: Queue }) {
  return async function processHousekeeping(job: Job): Promise<{ requeued: number } | { purgedPredictions: number; purgedFeedback: number; models: number } | TFireResult> {
    const parsed = ZHousekeepingPayload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid housekeeping payload: ${parsed.error.message}`);
    if (parsed.data.task === "retention") {
      const purged = await purgePredictions();
      return { purgedPredictions: purged.predictions, purgedFeedback: purged.feedback, models: purged.models.length };
    }
    // A recurring scoring schedule is due (its BullMQ job scheduler added this job).
    if (parsed.data.task === "schedule") {
      if (!parsed.data.scheduleId) throw new UnrecoverableError("a schedule task needs a scheduleId");
      return fireScoringSchedule(parsed.data.scheduleId);
    }
    return { requeued: await reconcileJobs(queues) };
  };
}
