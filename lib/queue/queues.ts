import type { DefaultJobOptions } from "bullmq";
import { z } from "zod";

// The queue contract (DESIGN.md "Queues"): names, payload schemas and default job options live here
// and nowhere else. Payloads carry ids only; the row id is the BullMQ jobId. New payload fields must
// stay optional so that jobs already queued still parse.

export const QUEUE_NAMES = {
  intake: "intake",
  evaluate: "evaluate",
  housekeeping: "housekeeping",
  webhook: "webhook",
  score: "score",
} as const;

export type TQueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const ZIntakePayload = z.object({ runId: z.string().min(1) });
export type TIntakePayload = z.infer<typeof ZIntakePayload>;

export const ZEvaluatePayload = z.object({ runId: z.string().min(1) });
export type TEvaluatePayload = z.infer<typeof ZEvaluatePayload>;

// "retention": the daily purge of prediction logs past each model's retention period.
// "schedule": a recurring scoring run is due (scheduleId names the ScoringSchedule row).
export const ZHousekeepingPayload = z.object({ task: z.enum(["reconcile", "retention", "schedule"]), scheduleId: z.string().min(1).optional() });
export type THousekeepingPayload = z.infer<typeof ZHousekeepingPayload>;

export const ZWebhookPayload = z.object({ deliveryId: z.string().min(1) });
export type TWebhookPayload = z.infer<typeof ZWebhookPayload>;

export const ZScorePayload = z.object({ jobId: z.string().min(1) });
export type TScorePayload = z.infer<typeof ZScorePayload>;

export const PAYLOAD_SCHEMAS = {
  intake: ZIntakePayload,
  evaluate: ZEvaluatePayload,
  housekeeping: ZHousekeepingPayload,
  webhook: ZWebhookPayload,
  score: ZScorePayload,
} as const;

export const DEFAULT_JOB_OPTIONS: Record<TQueueName, DefaultJobOptions> = {
  // Transient failures (database or Redis hiccups) retry with backoff; a bad model is recorded on the
  // row and ends the job with UnrecoverableError, so it is never retried.
  intake: {
    attempts: 4,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  // Same policy as intake: bad data is recorded on the row, only infrastructure errors retry.
  evaluate: {
    attempts: 3,
    backoff: { type: "exponential", delay: 5_000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  // A receiver that is down or answers 5xx is retried 5 times over ~15 minutes (30 s, 1, 2, 4, 8 min);
  // a refused address or a redirect fails at once (UnrecoverableError).
  webhook: {
    attempts: 6,
    backoff: { type: "exponential", delay: 30_000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  // Same policy as evaluate: bad rows go to the error report, only infrastructure errors retry.
  score: {
    attempts: 3,
    backoff: { type: "exponential", delay: 5_000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  housekeeping: {
    attempts: 1,
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 100 },
  },
};

// BullMQ job ids may not contain ':' and must not be plain integers; cuid row ids are neither.
export function jobIdFor(rowId: string): string {
  return rowId;
}
