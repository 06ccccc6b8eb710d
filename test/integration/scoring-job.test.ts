import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as scoringJobsRoute from "@/app/api/v1/scoring-jobs/route";
import * as scoringJobRoute from "@/app/api/v1/scoring-jobs/[id]/route";
import * as cancelRoute from "@/app/api/v1/scoring-jobs/[id]/cancel/route";
import * as retryRoute from "@/app/api/v1/scoring-jobs/[id]/retry/route";
import * as outputRoute from "@/app/api/v1/scoring-jobs/[id]/output/route";
import * as errorsRoute from "@/app/api/v1/scoring-jobs/[id]/errors/route";
import * as schedulesRoute from "@/app/api/v1/models/[id]/scoring-schedules/route";
import * as scheduleRoute from "@/app/api/v1/scoring-schedules/[id]/route";
import * as evaluationsRoute from "@/app/api/v1/evaluations/route";
import * as evaluationRoute from "@/app/api/v1/evaluations/[id]/route";
import * as datasetsRoute from "@/app/api/v1/datasets/route";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createBinaryAccumulator } from "@/lib/metrics/binary-accumulator";
import { createRegressionAccumulator } from "@/lib/metrics/regression-accumulator";
import { registerModel } from "@/lib/models/register-model";
import { buildHeavyClassifier } from "@/lib/onnx/build/heavy-classifier";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { createRng } from "@/lib/onnx/demo/prng";
import { getQueue } from "@/lib/queue/producers";
import { runScoringJob } from "@/lib/scoring/run-scoring-job";
import { startScoringJob } from "@/lib/scoring/start-scoring-job";
import { syncScoringSchedules } from "@/lib/scoring/sync-scoring-schedules";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { call, encodeForm, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { waitFor } from "@/test/helpers/wait-for";

// Batch scoring on real services: datasets through the upload API, versions through intake, the
// score queue and its sandboxed worker, downloads through the API, schedules through BullMQ.
let workers: TWorkers | null = null;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let token: string;
let demoDir: string;
let manifest: TDemoManifest;

const DONE = ["SUCCEEDED", "FAILED", "CANCELLED"];

beforeAll(async () => {
  t = await makeTeamWithRoles();
  token = await tokenFor(t.ds.actor, t.team.slug);
  demoDir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-scorejob-"));
  manifest = await makeDemoModels(demoDir);
  workers = await startWorkers();
});

afterAll(async () => {
  await workers?.close();
  await fs.rm(demoDir, { recursive: true, force: true });
});

async function passedVersion(model: { id: string; name: string }, bytes: Uint8Array, metadata: Record<string, unknown>, filename = "model.onnx") {
  const received = await receiveToTemp(Readable.from([Buffer.from(bytes)]), 10 * 1024 * 1024);
  const created = await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...received, filename }, metadata);
  await waitFor(async () => {
    const v = await db.modelVersion.findUniqueOrThrow({ where: { id: created.versionId } });
    if (v.intakeStatus === "FAILED") throw new Error(`intake failed: ${v.intakeError}`);
    return v.intakeStatus === "PASSED" || null;
  }, "intake");
  return created.versionId;
}

async function demoModel(modelName: string, versionIndexes = [0]) {
  const m = manifest.models.find((x) => x.name === modelName)!;
  const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq(modelName), task: m.task });
  const versionIds: string[] = [];
  for (const i of versionIndexes) {
    const v = m.versions[i];
    versionIds.push(await passedVersion(model, new Uint8Array(await fs.readFile(path.join(demoDir, v.file))), v.metadata, v.file));
  }
  return { model, versionIds, demo: m };
}

async function uploadDataset(modelId: string, csv: string | Buffer, role: "scoring" | "evaluation", labelColumn?: string) {
  const form = new FormData();
  form.append("team", t.team.slug);
  form.append("name", uniq("ds"));
  if (labelColumn) form.append("labelColumn", labelColumn);
  form.append("modelId", modelId);
  form.append("role", role);
  form.append("file", new Blob([typeof csv === "string" ? csv : new Uint8Array(csv)]), "data.csv");
  const { body, contentType } = await encodeForm(form);
  const res = await call(datasetsRoute.POST, { token, body, headers: { "content-type": contentType } });
  expect(res.status, JSON.stringify(res.data)).toBe(201);
  return res.data.dataset.id as string;
}

async function finished(id: string, ms = 60_000) {
  return waitFor(async () => {
    const r = await call(scoringJobRoute.GET, { token, params: { id } });
    return DONE.includes(r.data.scoringJob.status) ? r.data.scoringJob : null;
  }, `scoring job ${id}`, ms);
}

async function download(id: string, which: "output" | "errors") {
  const res = await call(which === "output" ? outputRoute.GET : errorsRoute.GET, { token, params: { id } });
  return { ...res, rows: res.status === 200 ? (parse(res.data as string, { relax_column_count: true }) as string[][]) : [] };
}

async function tmpFiles(): Promise<string[]> {
  return fs.readdir(path.join(env.DATA_DIR, "tmp")).catch(() => []);
}

describe("batch scoring", () => {
  it("scores a binary model: input columns + predicted_label and score, the scores evaluation computes", async () => {
    const { model, versionIds, demo } = await demoModel("card-fraud", [1]);
    const csv = await fs.readFile(path.join(demoDir, demo.datasets.evaluation), "utf8");
    const datasetId = await uploadDataset(model.id, csv, "evaluation", demo.datasets.labelColumn);

    const started = await call(scoringJobsRoute.POST, { token, json: { versionId: versionIds[0], datasetId } });
    expect(started.status).toBe(202);
    expect(started.data.scoringJob).toMatchObject({ status: "QUEUED", useProduction: false, version: { id: versionIds[0], number: 1 }, maxErrorShare: 0.05 });
    const evaluation = await call(evaluationsRoute.POST, { token, json: { versionId: versionIds[0], datasetId } });
    const job = await finished(started.data.scoringJob.id);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: "SUCCEEDED", rowsTotal: 2000, rowsDone: 2000, rowsFailed: 0, errorReport: null });
    expect(job.output.sha256).toMatch(/^[0-9a-f]{64}$/);

    const out = await download(job.id, "output");
    expect(out.status).toBe(200);
    expect(out.headers.get("content-disposition")).toBe(`attachment; filename="${job.output.filename}"`);
    expect(Number(out.headers.get("content-length"))).toBe(job.output.size);
    const [header, ...rows] = out.rows;
    const inputHeader = csv.split("\n")[0].split(",");
    expect(header).toEqual([...inputHeader, "predicted_label", "score"]);
    expect(rows).toHaveLength(2000);
    // Input cells pass through unchanged.
    expect(rows[0].slice(0, inputHeader.length)).toEqual(csv.split("\n")[1].split(","));

    // The same scores as the evaluation of the same version on the same rows: every metric the
    // evaluation stored comes out identical from the output's score and label columns.
    const labelAt = inputHeader.indexOf(demo.datasets.labelColumn);
    const acc = createBinaryAccumulator();
    acc.add(Float32Array.from(rows.map((r) => Number(r[header.length - 1]))), Uint8Array.from(rows.map((r) => (r[labelAt] === "1" ? 1 : 0))));
    const fromOutput = acc.finish(0.5);
    const ev = await waitFor(async () => {
      const r = await call(evaluationRoute.GET, { token, params: { id: evaluation.data.evaluation.id } });
      return DONE.includes(r.data.evaluation.status) ? r.data.evaluation : null;
    }, "the evaluation");
    expect(ev.status).toBe("SUCCEEDED");
    for (const key of ["roc_auc", "log_loss", "brier", "accuracy", "f1"]) expect((fromOutput.metrics as Record<string, { value: number }>)[key].value).toBe(ev.metrics.metrics[key].value);
    // predicted_label is the score at the evaluation's threshold.
    expect(rows.every((r) => r[header.length - 2] === (Number(r[header.length - 1]) >= 0.5 ? "1" : "0"))).toBe(true);
    expect(await db.auditEvent.count({ where: { subjectId: job.id, action: { in: ["scoring.requested", "scoring.completed"] } } })).toBe(2);
  });

  it("scores a regression model with a prediction column matching the evaluation's errors", async () => {
    const { model, versionIds, demo } = await demoModel("demand-forecast");
    const csv = await fs.readFile(path.join(demoDir, demo.datasets.evaluation), "utf8");
    const datasetId = await uploadDataset(model.id, csv, "evaluation", demo.datasets.labelColumn);
    const started = await call(scoringJobsRoute.POST, { token, json: { versionId: versionIds[0], datasetId } });
    const evaluation = await call(evaluationsRoute.POST, { token, json: { versionId: versionIds[0], datasetId } });
    const job = await finished(started.data.scoringJob.id);
    expect(job.status).toBe("SUCCEEDED");
    const [header, ...rows] = (await download(job.id, "output")).rows;
    expect(header.at(-1)).toBe("prediction");
    const labelAt = header.indexOf(demo.datasets.labelColumn);
    const acc = createRegressionAccumulator();
    acc.add(Float32Array.from(rows.map((r) => Number(r.at(-1)))), Float64Array.from(rows.map((r) => Number(r[labelAt]))));
    const ev = await waitFor(async () => {
      const r = await call(evaluationRoute.GET, { token, params: { id: evaluation.data.evaluation.id } });
      return DONE.includes(r.data.evaluation.status) ? r.data.evaluation : null;
    }, "the evaluation");
    expect((acc.finish().metrics as Record<string, { value: number }>).rmse.value).toBe(ev.metrics.metrics.rmse.value);
  });

  it("neutralises formula cells, reports bad rows by number and column, and scores the rest", async () => {
    const { model, versionIds, demo } = await demoModel("card-fraud", [1]);
    const features = demo.versions[1].metadata.features;
    const rng = createRng(7);
    const good = () => features.map(() => (rng.normal() + 2).toFixed(2));
    const lines = [["note", ...features].join(",")];
    lines.push(["=1+2", "-5.25", ...good().slice(1)].join(","));
    lines.push(["@SUM(A1)", ...good()].join(","));
    lines.push(["x", "abc", ...good().slice(1)].join(","));
    lines.push(['"a, ""quoted"" note"', ...good()].join(","));
    lines.push(["+cmd|' /C calc'!A0", ...good()].join(","));
    lines.push(["y", good()[0], "", ...good().slice(2)].join(","));
    lines.push(["ragged", "1", "2"].join(","));
    lines.push(["-2", ...good()].join(","));
    for (let i = 0; i < 192; i++) lines.push([`n${i}`, ...good()].join(","));
    const datasetId = await uploadDataset(model.id, `${lines.join("\n")}\n`, "scoring");

    const started = await call(scoringJobsRoute.POST, { token, json: { versionId: versionIds[0], datasetId } });
    const job = await finished(started.data.scoringJob.id);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: "SUCCEEDED", rowsTotal: 200, rowsDone: 197, rowsFailed: 3 });

    const out = await download(job.id, "output");
    const raw = out.data as string;
    const [header, ...rows] = out.rows;
    expect(header).toEqual(["note", ...features, "predicted_label", "score"]);
    expect(rows).toHaveLength(197);
    expect(rows[0][0]).toBe("'=1+2");
    // A plain negative number is a number, not a formula, in a feature column or any other.
    expect(rows[0][1]).toBe("-5.25");
    expect(rows[1][0]).toBe("'@SUM(A1)");
    expect(rows[2][0]).toBe('a, "quoted" note');
    expect(rows[3][0]).toBe("'+cmd|' /C calc'!A0");
    expect(rows[4][0]).toBe("-2");
    expect(raw).toContain("\n'=1+2,-5.25,");
    expect(raw).toContain('\n"a, ""quoted"" note",');
    expect(raw.split("\n").every((l) => !/^[=+@]/.test(l) && !/,[=+@]/.test(l))).toBe(true);

    const errors = await download(job.id, "errors");
    expect(errors.status).toBe(200);
    expect(errors.headers.get("content-disposition")).toMatch(/-errors\.csv"$/);
    expect(errors.rows).toEqual([
      ["row", "column", "reason"],
      ["3", features[0], "'abc' is not a number, and the model needs a number"],
      ["6", features[1], "missing value"],
      ["7", "", `the row has 3 cells; the header has ${features.length + 1}`],
    ]);
  });

  it("fails past the error share and publishes nothing", async () => {
    const { model, versionIds, demo } = await demoModel("card-fraud", [1]);
    const features = demo.versions[1].metadata.features;
    const lines = [features.join(",")];
    for (let i = 0; i < 10; i++) lines.push(features.map((_, j) => (i < 3 && j === 2 ? "n/a" : String(i + j))).join(","));
    const datasetId = await uploadDataset(model.id, `${lines.join("\n")}\n`, "scoring");
    const before = await tmpFiles();

    const started = await call(scoringJobsRoute.POST, { token, json: { versionId: versionIds[0], datasetId, maxErrorShare: 0.1 } });
    expect(started.status).toBe(202);
    const job = await finished(started.data.scoringJob.id);
    expect(job.status).toBe("FAILED");
    expect(job.error).toBe(`at least 2 of the 10 rows (20%) could not be scored, more than the allowed 10%; first: row 1, column '${features[2]}': 'n/a' is not a number, and the model needs a number; row 2, column '${features[2]}': 'n/a' is not a number, and the model needs a number`);
    expect(job.output).toBeNull();
    expect(job.errorReport).toBeNull();
    const row = await db.scoringJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([row.outputKey, row.errorReportKey, row.outputSha256]).toEqual([null, null, null]);
    expect((await download(job.id, "output")).status).toBe(404);
    expect((await download(job.id, "errors")).status).toBe(404);
    expect(await tmpFiles()).toEqual(before);

    // Out-of-range shares are refused with the field named.
    const bad = await call(scoringJobsRoute.POST, { token, json: { versionId: versionIds[0], datasetId, maxErrorShare: 1.5 } });
    expect(bad.status).toBe(400);
    expect(bad.data.error.message).toBe("Invalid input: maxErrorShare: maxErrorShare must be between 0 and 1");

    // Retry makes a new job with the same parameters; with a share that tolerates the bad rows it succeeds.
    const retried = await call(retryRoute.POST, { token, params: { id: job.id } });
    expect(retried.status).toBe(202);
    expect(retried.data.scoringJob.id).not.toBe(job.id);
    expect(retried.data.scoringJob.maxErrorShare).toBe(0.1);
    expect((await finished(retried.data.scoringJob.id)).status).toBe("FAILED");
    const tolerant = await call(scoringJobsRoute.POST, { token, json: { versionId: versionIds[0], datasetId, maxErrorShare: 0.3 } });
    const ok = await finished(tolerant.data.scoringJob.id);
    expect(ok).toMatchObject({ status: "SUCCEEDED", rowsDone: 7, rowsFailed: 3 });
  });

  it("resolves 'production of model X' when the job starts and records the version", async () => {
    const { model, versionIds, demo } = await demoModel("card-fraud", [0, 1]);
    const csv = await fs.readFile(path.join(demoDir, demo.datasets.evaluation), "utf8");
    const datasetId = await uploadDataset(model.id, csv, "scoring");
    const none = await call(scoringJobsRoute.POST, { token, json: { modelId: model.id, useProduction: true, datasetId } });
    expect(none.status).toBe(409);
    expect(none.data.error.message).toMatch(/has no version in production/);
    const neither = await call(scoringJobsRoute.POST, { token, json: { datasetId } });
    expect(neither.status).toBe(400);
    expect(neither.data.error.details[0].path).toBe("versionId");

    await db.modelVersion.update({ where: { id: versionIds[0] }, data: { stage: "PRODUCTION" } });
    await workers!.close();
    workers = null;
    const started = await call(scoringJobsRoute.POST, { token, json: { modelId: model.id, useProduction: true, datasetId } });
    expect(started.status).toBe(202);
    expect(started.data.scoringJob).toMatchObject({ useProduction: true, version: null });
    // Production changes between the request and the start: the job uses what is in production when it starts.
    await db.modelVersion.update({ where: { id: versionIds[0] }, data: { stage: "ARCHIVED" } });
    await db.modelVersion.update({ where: { id: versionIds[1] }, data: { stage: "PRODUCTION" } });
    workers = await startWorkers();
    const job = await finished(started.data.scoringJob.id);
    expect(job).toMatchObject({ status: "SUCCEEDED", useProduction: true, version: { id: versionIds[1], number: 2 } });
    const [header] = (await download(job.id, "output")).rows;
    expect(header.slice(-2)).toEqual(["predicted_label", "score"]);
    expect(job.output.filename).toMatch(/-v2-.*-scored\.csv$/);

    // An executive reads jobs but may not start them; the list filters by model.
    const execToken = await tokenFor(t.exec.actor, t.team.slug);
    expect((await call(scoringJobsRoute.POST, { token: execToken, json: { versionId: versionIds[1], datasetId } })).status).toBe(403);
    const list = await call(scoringJobsRoute.GET, { token: execToken, url: `/api/v1/scoring-jobs?model=${model.id}` });
    expect(list.data.scoringJobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
  });

  it("cancels a queued job at once and a running one mid-way, publishing nothing", async () => {
    const features = Array.from({ length: 8 }, (_, i) => `sensor_${i + 1}`);
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("slow"), task: "BINARY" });
    const versionId = await passedVersion(model, buildHeavyClassifier({ featureNames: features, coefficients: features.map((_, i) => 0.9 - i * 0.2), intercept: -0.2, depth: 320 }), {
      features, labelClasses: ["0", "1"], positiveClass: "1",
    });
    const rng = createRng(11);
    const lines = [features.join(",")];
    for (let i = 0; i < 12_000; i++) lines.push(features.map(() => rng.normal().toFixed(3)).join(","));
    const datasetId = await uploadDataset(model.id, `${lines.join("\n")}\n`, "scoring");

    await workers!.close();
    workers = null;
    const queued = await call(scoringJobsRoute.POST, { token, json: { versionId, datasetId } });
    const cancelled = await call(cancelRoute.POST, { token, params: { id: queued.data.scoringJob.id } });
    expect(cancelled.status).toBe(202);
    expect(cancelled.data.scoringJob).toMatchObject({ status: "CANCELLED", error: "cancelled before it started" });
    expect((await call(cancelRoute.POST, { token, params: { id: queued.data.scoringJob.id } })).status).toBe(409);
    workers = await startWorkers();

    const before = await tmpFiles();
    const running = await call(scoringJobsRoute.POST, { token, json: { versionId, datasetId } });
    const id = running.data.scoringJob.id;
    await waitFor(async () => ((await db.scoringJob.findUniqueOrThrow({ where: { id } })).rowsDone > 0 || null), "rows scored", 60_000);
    await call(cancelRoute.POST, { token, params: { id } });
    const job = await finished(id);
    expect(job).toMatchObject({ status: "CANCELLED", error: "cancelled by a user", output: null, errorReport: null });
    expect(job.rowsDone).toBeGreaterThan(0);
    expect(job.rowsDone).toBeLessThan(12_000);
    expect((await download(id, "output")).status).toBe(404);
    await waitFor(async () => (JSON.stringify(await tmpFiles()) === JSON.stringify(before) || null), "temporary files removed", 5_000);
  }, 180_000);

  it("never writes a second output when a job is delivered twice", async () => {
    const { model, versionIds, demo } = await demoModel("card-fraud", [1]);
    const csv = await fs.readFile(path.join(demoDir, demo.datasets.evaluation), "utf8");
    const datasetId = await uploadDataset(model.id, csv, "scoring");
    await workers!.close();
    workers = null;
    const { id } = await startScoringJob(t.ds.actor, { versionId: versionIds[0], datasetId });
    // Two deliveries of the same job at once (a stalled job handed to a second worker), then the
    // queued BullMQ job itself once a worker runs.
    const results = await Promise.all([runScoringJob(id), runScoringJob(id)]);
    expect(results.sort()).toEqual(["skipped", "succeeded"]);
    const first = await db.scoringJob.findUniqueOrThrow({ where: { id } });
    expect(first.status).toBe("SUCCEEDED");
    expect(await runScoringJob(id)).toBe("skipped");
    workers = await startWorkers();
    const queue = getQueue("score");
    await waitFor(async () => ((await (await queue.getJob(id))?.getState()) === "completed" || null), "the queued delivery");
    const after = await db.scoringJob.findUniqueOrThrow({ where: { id } });
    expect([after.outputKey, after.outputSha256, after.finishedAt?.getTime()]).toEqual([first.outputKey, first.outputSha256, first.finishedAt?.getTime()]);
    expect(await db.auditEvent.count({ where: { subjectId: id, action: "scoring.completed" } })).toBe(1);
    expect(await tmpFiles()).toEqual([]);
  });

  it("a schedule re-scores its dataset with production when it fires; its runs are listed with their outputs", async () => {
    const { model, versionIds, demo } = await demoModel("card-fraud", [1]);
    await db.modelVersion.update({ where: { id: versionIds[0] }, data: { stage: "PRODUCTION" } });
    const csv = await fs.readFile(path.join(demoDir, demo.datasets.evaluation), "utf8");
    const datasetId = await uploadDataset(model.id, csv, "scoring");

    const badCron = await call(schedulesRoute.POST, { token, params: { id: model.id }, json: { name: "nightly", datasetId, cron: "every night" } });
    expect(badCron.status).toBe(400);
    expect(badCron.data.error.details[0].path).toBe("cron");
    const badFields = await call(schedulesRoute.POST, { token, params: { id: model.id }, json: { name: "nightly", datasetId, cron: "0 99 * * *" } });
    expect(badFields.status).toBe(400);
    expect(badFields.data.error.message).toMatch(/^Invalid input: cron: '0 99 \* \* \*' is not a valid cron expression/);
    const badTz = await call(schedulesRoute.POST, { token, params: { id: model.id }, json: { name: "nightly", datasetId, cron: "0 2 * * *", timezone: "Mars/Olympus" } });
    expect(badTz.status).toBe(400);
    expect(badTz.data.error.details[0]).toEqual({ path: "timezone", message: "timezone must be an IANA time zone such as UTC or Europe/Paris" });

    const created = await call(schedulesRoute.POST, { token, params: { id: model.id }, json: { name: "nightly", datasetId, cron: "0 2 * * *", timezone: "Europe/Paris" } });
    expect(created.status).toBe(201);
    const schedule = created.data.schedule;
    expect(schedule).toMatchObject({ name: "nightly", cron: "0 2 * * *", timezone: "Europe/Paris", active: true, runs: [] });
    expect(new Date(schedule.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    expect((await call(schedulesRoute.POST, { token, params: { id: model.id }, json: { name: "nightly", datasetId, cron: "0 3 * * *" } })).status).toBe(409);

    const housekeeping = getQueue("housekeeping");
    const schedulerId = `scoring-schedule-${schedule.id}`;
    expect(await housekeeping.getJobScheduler(schedulerId)).toMatchObject({ pattern: "0 2 * * *", tz: "Europe/Paris", template: { data: { task: "schedule", scheduleId: schedule.id } } });

    // The scheduler fires: the job it adds (as BullMQ would at 02:00 Paris time) makes a run.
    await housekeeping.add("schedule", { task: "schedule", scheduleId: schedule.id });
    const run = await waitFor(async () => db.scoringJob.findFirst({ where: { scheduleId: schedule.id } }), "the scheduled run");
    expect(run).toMatchObject({ useProduction: true, datasetId, requestedById: t.ds.id });
    const job = await finished(run.id);
    expect(job).toMatchObject({ status: "SUCCEEDED", version: { id: versionIds[0] }, schedule: { id: schedule.id, name: "nightly" } });
    const listed = await call(schedulesRoute.GET, { token, params: { id: model.id } });
    expect(listed.data.schedules[0].runs.map((r: { id: string; output: unknown }) => [r.id, Boolean(r.output)])).toEqual([[run.id, true]]);
    expect(listed.data.schedules[0].lastRunAt).not.toBeNull();

    // Redis is not the truth: a scheduler it lost comes back from the row.
    await housekeeping.removeJobScheduler(schedulerId);
    expect(await syncScoringSchedules(housekeeping)).toBe(1);
    expect(await housekeeping.getJobScheduler(schedulerId)).toMatchObject({ pattern: "0 2 * * *" });

    // Paused: no scheduler, and a due job that was already queued does nothing.
    const paused = await call(scheduleRoute.PATCH, { token, params: { id: schedule.id }, json: { active: false } });
    expect(paused.status).toBe(200);
    expect(paused.data.schedule).toMatchObject({ active: false, nextRunAt: null });
    expect(await housekeeping.getJobScheduler(schedulerId)).toBeUndefined();
    const changed = await call(scheduleRoute.PATCH, { token, params: { id: schedule.id }, json: { active: true, cron: "30 1 * * 1-5" } });
    expect(changed.data.schedule).toMatchObject({ active: true, cron: "30 1 * * 1-5" });
    expect(await housekeeping.getJobScheduler(schedulerId)).toMatchObject({ pattern: "30 1 * * 1-5", tz: "Europe/Paris" });
    const execToken = await tokenFor(t.exec.actor, t.team.slug);
    expect((await call(scheduleRoute.DELETE, { token: execToken, params: { id: schedule.id } })).status).toBe(403);
    expect((await call(scheduleRoute.DELETE, { token, params: { id: schedule.id } })).status).toBe(204);
    expect(await housekeeping.getJobScheduler(schedulerId)).toBeUndefined();
    expect((await db.scoringJob.findUniqueOrThrow({ where: { id: run.id } })).scheduleId).toBeNull();
  });
});
