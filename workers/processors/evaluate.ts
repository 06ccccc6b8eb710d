import { UnrecoverableError, type Job } from "bullmq";
import { ZEvaluatePayload } from "@/lib/queue/queues";
import { runEvaluation } from "@/lib/evaluation/run-evaluation";

// Thin processor: parse the payload, hand the row id to lib. Scoring runs in a sandboxed child.
export async function processEvaluate(job: Job): Promise<{ result: string }> {
  const parsed = ZEvaluatePayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid evaluate payload: ${parsed.error.message}`);
  return { result: await runEvaluation(parsed.data.runId) };
}
