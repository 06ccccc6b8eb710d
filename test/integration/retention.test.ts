import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { QUEUE_NAMES } from "@/lib/queue/queues";
import { createRedis } from "@/lib/queue/redis";
import { purgePredictions } from "@/lib/serving/purge-predictions";
import { updateServingConfig } from "@/lib/serving/update-serving-config";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { makeTeamWithRoles } from "@/test/helpers/factories";
import { insertPredictions, makeServedModel } from "@/test/helpers/serving-fixtures";

// The retention purge on real PostgreSQL, then through the real housekeeping worker on Redis.
const DAY = 86_400_000;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;

beforeAll(async () => {
  t = await makeTeamWithRoles();
});

async function modelWithRetention(days: number | null) {
  const m = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }] });
  if (days !== null) await updateServingConfig(t.approver.actor, m.model.id, { sampleRate: 1, retentionDays: days, challenger: null });
  return m;
}

describe("prediction log retention", () => {
  it("deletes rows older than each model's retention (30 days without a config), keeps newer ones, and takes their feedback along", async () => {
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const week = await modelWithRetention(7);
    const standard = await modelWithRetention(null);
    const day = await modelWithRetention(1);

    // week: 5 rows older than 7 days (deleted in batches of 2: 2 + 2 + 1), 2 newer.
    const weekOld = await insertPredictions(week.model.id, [8, 9, 10, 30, 400].map((d) => ({ versionId: week.versions[0].id, output: { label: "1" }, createdAt: ago(d) })));
    const weekNew = await insertPredictions(week.model.id, [6.9, 0].map((d) => ({ versionId: week.versions[0].id, output: { label: "1" }, createdAt: ago(d) })));
    // standard (no config → 30 days): 31 days old goes, 29 days and 8 days stay although week would drop them.
    const stdOld = await insertPredictions(standard.model.id, [{ versionId: standard.versions[0].id, output: { label: "0" }, createdAt: ago(31) }]);
    const stdNew = await insertPredictions(standard.model.id, [29, 8].map((d) => ({ versionId: standard.versions[0].id, output: { label: "0" }, createdAt: ago(d) })));
    // day: 25 hours goes, 23 hours stays.
    const dayOld = await insertPredictions(day.model.id, [{ versionId: day.versions[0].id, output: { label: "1" }, createdAt: ago(25 / 24) }]);
    const dayNew = await insertPredictions(day.model.id, [{ versionId: day.versions[0].id, output: { label: "1" }, createdAt: ago(23 / 24) }]);
    // Ground truth on a purged row and on a kept one.
    await db.feedback.createMany({ data: [{ predictionId: weekOld[0], actual: "1" }, { predictionId: weekOld[4], actual: "0" }, { predictionId: weekNew[0], actual: "1" }] });

    const result = await purgePredictions({ now, batchSize: 2 });
    const entry = (modelId: string) => result.models.find((m) => m.modelId === modelId);
    expect(entry(week.model.id)).toEqual({ modelId: week.model.id, retentionDays: 7, cutoff: ago(7).toISOString(), predictions: 5, feedback: 2 });
    expect(entry(standard.model.id)).toEqual({ modelId: standard.model.id, retentionDays: 30, cutoff: ago(30).toISOString(), predictions: 1, feedback: 0 });
    expect(entry(day.model.id)).toMatchObject({ retentionDays: 1, predictions: 1, feedback: 0 });

    const left = async (modelId: string) => (await db.predictionLog.findMany({ where: { modelId }, select: { id: true } })).map((r) => r.id).sort();
    expect(await left(week.model.id)).toEqual([...weekNew].sort());
    expect(await left(standard.model.id)).toEqual([...stdNew].sort());
    expect(await left(day.model.id)).toEqual(dayNew);
    expect(await db.predictionLog.count({ where: { id: { in: [...weekOld, ...stdOld, ...dayOld] } } })).toBe(0);
    expect((await db.feedback.findMany({ where: { predictionId: { in: [...weekOld, ...weekNew] } } })).map((f) => f.predictionId)).toEqual([weekNew[0]]);

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "predictions.purged" }, orderBy: { seq: "desc" } });
    expect(audit.actorLabel).toBe("system:retention");
    const after = audit.after as { predictions: number; feedback: number; models: { modelId: string; predictions: number }[] };
    expect(after.models.find((m) => m.modelId === week.model.id)).toMatchObject({ predictions: 5, feedback: 2 });
    expect(after.predictions).toBe(result.predictions);

    // A second run finds nothing more of these models.
    const again = await purgePredictions({ now });
    expect(again.models.filter((m) => [week.model.id, standard.model.id, day.model.id].includes(m.modelId))).toEqual([]);
  });
});

describe("retention in the worker", () => {
  let workers: TWorkers | null = null;
  const connection = createRedis("worker");
  const queue = new Queue(QUEUE_NAMES.housekeeping, { connection, prefix: env.QUEUE_PREFIX });

  beforeAll(async () => {
    workers = await startWorkers();
  });

  afterAll(async () => {
    await workers?.close();
    await queue.close();
    await connection.quit();
  });

  it("is scheduled daily at 03:00 UTC and purges when the housekeeping job runs", async () => {
    const scheduler = await queue.getJobScheduler("retention");
    expect(scheduler).toMatchObject({ key: "retention", pattern: "0 3 * * *", tz: "UTC", template: { data: { task: "retention" } } });

    const m = await modelWithRetention(2);
    const [old] = await insertPredictions(m.model.id, [{ versionId: m.versions[0].id, output: { label: "1" }, createdAt: new Date(Date.now() - 3 * DAY) }]);
    const [recent] = await insertPredictions(m.model.id, [{ versionId: m.versions[0].id, output: { label: "1" } }]);
    const job = await queue.add("retention", { task: "retention" });
    const deadline = Date.now() + 30_000;
    while (!(await job.isCompleted())) {
      if (await job.isFailed()) throw new Error(`retention job failed: ${(await queue.getJob(job.id!))?.failedReason}`);
      if (Date.now() > deadline) throw new Error("retention job did not finish in 30 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = await queue.getJob(job.id!);
    expect(done?.returnvalue).toMatchObject({ purgedPredictions: expect.any(Number), models: expect.any(Number) });
    expect(done!.returnvalue.purgedPredictions).toBeGreaterThanOrEqual(1);
    expect(await db.predictionLog.findUnique({ where: { id: old } })).toBeNull();
    expect(await db.predictionLog.findUnique({ where: { id: recent } })).not.toBeNull();
  });
});
