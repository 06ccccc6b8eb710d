import { UnrecoverableError, type Job } from "bullmq";
import { ZScorePayload } from "@/lib/queue/queues";
import { runScoringJob } from "@/lib/scoring/run-scoring-job";

// Thin processor: parse the payload, hand the row id to lib. Scoring runs in a sandboxed child.
export async function processScore(job: Job): Promise<{ result: string }> {
  const parsed = ZScorePayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid score payload: ${parsed.error.message}`);
  return { result: await runScoringJob(parsed.data.jobId) };
}
