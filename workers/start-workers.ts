import { Queue, Worker } from "bullmq";
import { env } from "@/lib/env";
import { startHeartbeat } from "@/lib/health/heartbeat";
import { logger } from "@/lib/logger";
import { reconcileJobs } from "@/lib/jobs/reconcile-jobs";
import { DEFAULT_JOB_OPTIONS, QUEUE_NAMES } from "@/lib/queue/queues";
import { createRedis } from "@/lib/queue/redis";
import { checkRedisEvictionPolicy } from "@/lib/queue/redis-policy";
import { failIntakeRun } from "@/lib/versions/run-intake";
import { processIntake } from "@/workers/processors/intake";
import { processEvaluate } from "@/workers/processors/evaluate";
import { failEvaluationRun } from "@/lib/evaluation/fail-evaluation-run";
import { makeHousekeepingProcessor } from "@/workers/processors/housekeeping";
import { processWebhook } from "@/workers/processors/webhook";
import { failWebhookDelivery } from "@/lib/webhooks/deliver-webhook";
import { processScore } from "@/workers/processors/score";
import { failScoringJob } from "@/lib/scoring/fail-scoring-job";
import { syncScoringSchedules } from "@/lib/scoring/sync-scoring-schedules";

export type TWorkers = { close: () => Promise<void> };

// Only infrastructure errors reach BullMQ's retries (bad input is recorded by the processor). When
// the last attempt fails, the row is marked failed so it never stays RUNNING.
function recordOutcomes(worker: Worker, failRun: (runId: string, message: string) => Promise<void>): void {
  worker.on("failed", (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === "UnrecoverableError";
    logger.warn(`${worker.name} job failed`, { jobId: job.id, attemptsMade: job.attemptsMade, final, err });
    if (final) void failRun(String(job.data?.runId ?? job.id), err.message).catch((e) => logger.error(`could not record ${worker.name} failure`, { err: e }));
  });
  worker.on("completed", (job, value) => logger.info(`${worker.name} job done`, { jobId: job.id, ...(value as object) }));
}

// Starts one BullMQ Worker per queue (BullMQ "going to production": maxRetriesPerRequest null, an
// error listener on every Queue and Worker, graceful close). Used by workers/main.ts and by tests.
export async function startWorkers(opts: { reconcileEveryMs?: number } = {}): Promise<TWorkers> {
  const connection = createRedis("worker");
  connection.on("error", (err) => logger.warn("redis connection error", { err }));
  const policyError = await checkRedisEvictionPolicy(connection);
  if (policyError) {
    await connection.quit();
    throw new Error(policyError);
  }
  const prefix = env.QUEUE_PREFIX;
  const intakeQueue = new Queue(QUEUE_NAMES.intake, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS.intake });
  const evaluateQueue = new Queue(QUEUE_NAMES.evaluate, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS.evaluate });
  const housekeepingQueue = new Queue(QUEUE_NAMES.housekeeping, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS.housekeeping });
  const webhookQueue = new Queue(QUEUE_NAMES.webhook, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS.webhook });
  const scoreQueue = new Queue(QUEUE_NAMES.score, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS.score });
  for (const q of [intakeQueue, evaluateQueue, housekeepingQueue, webhookQueue, scoreQueue]) q.on("error", (err) => logger.warn("queue error", { queue: q.name, err }));

  const intake = new Worker(QUEUE_NAMES.intake, processIntake, { connection, prefix, concurrency: env.WORKER_CONCURRENCY, lockDuration: 60_000 });
  // One evaluation at a time per worker process: each is CPU-bound in its sandbox.
  const evaluate = new Worker(QUEUE_NAMES.evaluate, processEvaluate, { connection, prefix, concurrency: 1, lockDuration: 120_000 });
  // One scoring job at a time per worker process, like evaluations: each is CPU-bound in its sandbox.
  const score = new Worker(QUEUE_NAMES.score, processScore, { connection, prefix, concurrency: 1, lockDuration: 120_000 });
  const housekeeping = new Worker(QUEUE_NAMES.housekeeping, makeHousekeepingProcessor({ intake: intakeQueue, evaluate: evaluateQueue, webhook: webhookQueue, score: scoreQueue, housekeeping: housekeepingQueue }), { connection, prefix, concurrency: 1 });
  // Deliveries wait on the network, not the CPU: several at once per process.
  const webhook = new Worker(QUEUE_NAMES.webhook, processWebhook, { connection, prefix, concurrency: 8 });
  for (const w of [intake, evaluate, housekeeping, webhook, score]) w.on("error", (err) => logger.error("worker error", { queue: w.name, err }));

  recordOutcomes(intake, failIntakeRun);
  recordOutcomes(evaluate, failEvaluationRun);
  recordOutcomes(webhook, failWebhookDelivery);
  recordOutcomes(score, failScoringJob);

  await housekeepingQueue.upsertJobScheduler("reconcile", { every: opts.reconcileEveryMs ?? 60_000 }, { name: "reconcile", data: { task: "reconcile" } });
  // Prediction-log retention (lib/serving/purge-predictions.ts), daily at 03:00 UTC; upsert keeps one schedule however many worker processes start.
  await housekeepingQueue.upsertJobScheduler("retention", { pattern: "0 3 * * *", tz: "UTC" }, { name: "retention", data: { task: "retention" } });
  // Catch up at once on work Redis lost while no worker ran.
  await reconcileJobs({ intake: intakeQueue, evaluate: evaluateQueue, webhook: webhookQueue, score: scoreQueue }, { olderThanMs: 0 }).catch((err) => logger.warn("initial reconcile failed", { err }));
  // Recurring scoring: the ScoringSchedule rows are the truth; their BullMQ schedulers follow them.
  await syncScoringSchedules(housekeepingQueue).catch((err) => logger.warn("initial scoring schedule sync failed", { err }));
  const queues = [QUEUE_NAMES.intake, QUEUE_NAMES.evaluate, QUEUE_NAMES.housekeeping, QUEUE_NAMES.webhook, QUEUE_NAMES.score];
  const stopHeartbeat = startHeartbeat(connection, { queues });
  logger.info("workers started", { queues, concurrency: env.WORKER_CONCURRENCY, prefix });

  return {
    async close() {
      await Promise.all([intake.close(), evaluate.close(), housekeeping.close(), webhook.close(), score.close()]);
      await stopHeartbeat();
      await Promise.all([intakeQueue.close(), evaluateQueue.close(), housekeepingQueue.close(), webhookQueue.close(), scoreQueue.close()]);
      await connection.quit().catch(() => undefined);
    },
  };
}
