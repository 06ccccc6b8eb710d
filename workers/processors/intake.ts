import { UnrecoverableError, type Job } from "bullmq";
import { ZIntakePayload } from "@/lib/queue/queues";
import { runIntake } from "@/lib/versions/run-intake";

// Thin processor: parse the payload, hand the row id to lib. The onnxruntime work happens in a
// sandboxed child process started by lib/onnx/run-sandboxed.ts.
export async function processIntake(job: Job): Promise<{ result: string }> {
  const parsed = ZIntakePayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid intake payload: ${parsed.error.message}`);
  return { result: await runIntake(parsed.data.runId) };
}
