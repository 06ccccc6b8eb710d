import { UnrecoverableError, type Job } from "bullmq";
import { ZWebhookPayload } from "@/lib/queue/queues";
import { deliverWebhook, PermanentDeliveryError } from "@/lib/webhooks/deliver-webhook";

// Thin processor: parse the payload, hand the row id to lib. Failures lib marks permanent (refused
// address, redirect, bad URL) end the job at once; anything else is retried with backoff.
export async function processWebhook(job: Job): Promise<{ result: string }> {
  const parsed = ZWebhookPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid webhook payload: ${parsed.error.message}`);
  try {
    return { result: await deliverWebhook(parsed.data.deliveryId) };
  } catch (e) {
    if (e instanceof PermanentDeliveryError) throw new UnrecoverableError(e.message);
    throw e;
  }
}
