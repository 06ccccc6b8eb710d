import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as requestsRoute from "@/app/api/v1/versions/[id]/promotion-requests/route";
import * as gatesRoute from "@/app/api/v1/versions/[id]/gates/route";
import * as decisionsRoute from "@/app/api/v1/promotion-requests/[id]/decisions/route";
import * as promoteRoute from "@/app/api/v1/promotion-requests/[id]/promote/route";
import * as requestRoute from "@/app/api/v1/promotion-requests/[id]/route";
import * as policyRoute from "@/app/api/v1/models/[id]/policy/route";
import { db } from "@/lib/db";
import { readPredictions } from "@/lib/evaluation/predictions-file";
import { resampleMetric } from "@/lib/gates/resample-metric";
import { evaluateDataset } from "@/lib/evaluation/evaluate-dataset";
import type { TEvaluateInput } from "@/lib/evaluation/types";
import { multiclassMetrics } from "@/lib/metrics/multiclass-metrics";
import { regressionMetrics } from "@/lib/metrics/regression-metrics";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { makeScorable } from "@/lib/onnx/make-scorable";
import { readModel } from "@/lib/onnx/read-model";
import { extractSignature } from "@/lib/onnx/signature";
import { artifactPath } from "@/lib/storage/artifact-store";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { call, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles } from "@/test/helpers/factories";
import { waitFor } from "@/test/helpers/wait-for";
import { uploadDemoModel } from "@/test/helpers/demo-model";

// The paired bootstrap on real services: card-fraud v1 and v2 are evaluated by the worker's sandbox
// on real onnxruntime, which now keeps each run's per-row predictions; with the bootstrap turned on,
// v2's production gates show the interval of (v2 − v1) computed from those two files.
let workers: TWorkers | null = null;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
const tokens = { ds: "", a: "" };
let modelId: string;
const versionIds: string[] = [];

type TItem = { key: string; status: string; detail: string; numbers?: Record<string, number> };

const gatesSettled = (requestId: string) =>
  waitFor(async () => {
    const r = await call(requestRoute.GET, { token: tokens.a, params: { id: requestId } });
    const items = r.data.request.report.items as TItem[];
    return items.filter((i) => i.key !== "approvals").every((i) => i.status !== "pending") ? items : null;
  }, "the gates to settle");

const productionGates = async (versionId: string) => (await call(gatesRoute.GET, { token: tokens.a, url: "/api/v1/x?target=PRODUCTION", params: { id: versionId } })).data.items as TItem[];

beforeAll(async () => {
  t = await makeTeamWithRoles();
  tokens.ds = await tokenFor(t.ds.actor, t.team.slug);
  tokens.a = await tokenFor(t.approver.actor, t.team.slug);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-bootstrap-"));
  const manifest = await makeDemoModels(dir);
  const demo = manifest.models.find((m) => m.name === "card-fraud")!;
  const model = await uploadDemoModel(t.ds.actor, t.team, dir, demo);
  modelId = model.id;
  versionIds.push(...model.versionIds);
  workers = await startWorkers();
  for (const id of versionIds) await waitFor(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id } })).intakeStatus === "PASSED" || null, "intake");
  await fs.rm(dir, { recursive: true, force: true });
}, 120_000);

afterAll(async () => {
  await workers?.close();
});

describe("paired bootstrap in the production gates", () => {
  it("keeps the per-row predictions of an evaluation, in the store, consistent with its metrics", async () => {
    const created = await call(requestsRoute.POST, { token: tokens.ds, params: { id: versionIds[0] }, json: { targetStage: "PRODUCTION", comment: "first production model" } });
    const requestId = created.data.request.request.id as string;
    await gatesSettled(requestId);
    expect((await call(decisionsRoute.POST, { token: tokens.a, params: { id: requestId }, json: { decision: "approve" } })).status).toBe(201);
    expect((await call(promoteRoute.POST, { token: tokens.a, params: { id: requestId } })).status).toBe(200);

    const run = await db.evaluationRun.findFirstOrThrow({ where: { versionId: versionIds[0], status: "SUCCEEDED" }, select: { predictionsKey: true, rowsDone: true, metrics: true } });
    expect(run.predictionsKey).toMatch(/^sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    const predictions = await readPredictions(artifactPath(run.predictionsKey!));
    expect(predictions).toMatchObject({ task: "binary", rows: 2000, scoreType: "float32", threshold: 0.5 });
    // Every row drawn once is the evaluation itself: the file reproduces the stored ROC AUC exactly.
    const stored = (run.metrics as { metrics: Record<string, { value: number }> }).metrics;
    expect(resampleMetric(predictions, "roc_auc")(new Uint32Array(2000).fill(1))).toBe(stored.roc_auc.value);
    expect(resampleMetric(predictions, "accuracy")(new Uint32Array(2000).fill(1))).toBe(stored.accuracy.value);
  });

  it("shows the interval of v2 − production v1 once the policy turns the bootstrap on", async () => {
    const current = (await call(policyRoute.GET, { token: tokens.a, params: { id: modelId } })).data.policy;
    const withBootstrap = { ...current, production: { ...current.production, bootstrap: { enabled: true, resamples: 1000, confidence: 0.95 } } };
    const saved = await call(policyRoute.PUT, { token: tokens.a, params: { id: modelId }, json: withBootstrap });
    expect(saved.status).toBe(200);
    expect(saved.data.revision).toBe(1);

    const created = await call(requestsRoute.POST, { token: tokens.ds, params: { id: versionIds[1] }, json: { targetStage: "PRODUCTION", comment: "all eight features" } });
    expect(created.status).toBe(201);
    const items = await gatesSettled(created.data.request.request.id as string);
    const auc = items.find((i) => i.key === "non_regression:roc_auc")!;
    expect(auc, JSON.stringify(items)).toMatchObject({ status: "pass" });
    // v2 sees all eight features, v1 five: the whole interval lies above 0.
    expect(auc.detail).toMatch(/^roc_auc 0\.\d{4} vs production v1: 0\.\d{4}, tolerance −0\.01; 95 % CI of the difference \[\+0\.\d{4}, \+0\.\d{4}\] \(1000 paired resamples\) → within tolerance$/);
    expect(auc.numbers!.intervalLow).toBeGreaterThan(0);
    expect(auc.numbers!.intervalLow).toBeLessThan(auc.numbers!.candidate - auc.numbers!.production);
    expect(auc.numbers!.intervalHigh).toBeGreaterThan(auc.numbers!.candidate - auc.numbers!.production);
    const ap = items.find((i) => i.key === "non_regression:average_precision")!;
    expect(ap.detail).toMatch(/; 95 % CI of the difference \[[+−]0\.\d{4}, \+0\.\d{4}\] \(1000 paired resamples\)/);

    // The same interval on every read: seeded by the two evaluations and the metric.
    const again = (await productionGates(versionIds[1])).find((i) => i.key === "non_regression:roc_auc")!;
    expect(again.detail).toBe(auc.detail);
  });

  it("says which version to re-evaluate when an evaluation has no per-row predictions", async () => {
    // As production v1's evaluation would be had it run before predictions were kept.
    const baseline = await db.evaluationRun.findFirstOrThrow({ where: { versionId: versionIds[0], status: "SUCCEEDED" }, select: { id: true } });
    await db.evaluationRun.update({ where: { id: baseline.id }, data: { predictionsKey: null } });
    const current = (await call(policyRoute.GET, { token: tokens.a, params: { id: modelId } })).data.policy;
    // Another resample count is another interval: nothing computed before is reused.
    await call(policyRoute.PUT, { token: tokens.a, params: { id: modelId }, json: { ...current, production: { ...current.production, bootstrap: { enabled: true, resamples: 500, confidence: 0.9 } } } });
    const auc = (await productionGates(versionIds[1])).find((i) => i.key === "non_regression:roc_auc")!;
    expect(auc.status).toBe("pass");
    expect(auc.detail).toMatch(/→ within tolerance; no bootstrap interval: it needs per-row predictions, which evaluations made before they were kept lack; re-evaluate production v1$/);
  });
});

describe("per-row predictions of every task", () => {
  let dir: string;
  let manifest: TDemoManifest;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-predictions-"));
    manifest = await makeDemoModels(dir);
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  // The evaluation core on real onnxruntime, as the sandbox runs it (see evaluate-dataset.test.ts).
  async function inputFor(name: string): Promise<TEvaluateInput> {
    const m = manifest.models.find((x) => x.name === name)!;
    const v = m.versions[0];
    const bytes = new Uint8Array(await fs.readFile(path.join(dir, v.file)));
    const parsed = readModel(bytes);
    const task = m.task.toLowerCase() as TEvaluateInput["task"];
    const scorable = makeScorable(bytes, { model: parsed, task });
    const modelPath = path.join(dir, `${v.file}.scoring.onnx`);
    await fs.writeFile(modelPath, scorable.bytes);
    const graphInput = extractSignature(parsed).inputs[0];
    return {
      modelPath, datasetPath: path.join(dir, m.datasets.evaluation), task,
      featureSchema: { layout: "matrix", inputName: graphInput.name, features: v.metadata.features.map((f) => ({ name: f, type: graphInput.elemType })) },
      inputTypes: { [graphInput.name]: graphInput.elemType }, outputs: scorable.outputs,
      classLabels: scorable.classLabels ?? v.metadata.labelClasses ?? [], positiveClass: v.metadata.positiveClass ?? null,
      labelColumn: m.datasets.labelColumn, threshold: 0.5, batchSize: 300, rowsTotal: null, profile: false,
    };
  }

  it("writes multiclass probabilities and regression predictions that give back the run's metrics", async () => {
    const multiclass = await inputFor("support-ticket-routing");
    const multiclassFile = path.join(dir, "multiclass.predictions");
    const m = await evaluateDataset(multiclass, () => undefined, { predictionsPath: multiclassFile });
    if (!m.ok || m.metrics.task !== "multiclass") throw new Error(`multiclass evaluation failed: ${JSON.stringify(m)}`);
    const mp = await readPredictions(multiclassFile);
    expect(mp).toMatchObject({ task: "multiclass", rows: m.rows, scoresPerRow: multiclass.classLabels.length, classLabels: multiclass.classLabels });
    expect(multiclassMetrics(mp.scores, mp.labels, mp.scoresPerRow).metrics).toEqual(m.metrics.metrics);

    const regression = await inputFor("demand-forecast");
    const regressionFile = path.join(dir, "regression.predictions");
    const r = await evaluateDataset(regression, () => undefined, { predictionsPath: regressionFile });
    if (!r.ok || r.metrics.task !== "regression") throw new Error(`regression evaluation failed: ${JSON.stringify(r)}`);
    const rp = await readPredictions(regressionFile);
    expect(rp).toMatchObject({ task: "regression", rows: r.rows, labelType: "float64" });
    expect(regressionMetrics(rp.scores, rp.labels).metrics).toEqual(r.metrics.metrics);
  });

  it("leaves no file when the evaluation fails", async () => {
    const input = await inputFor("demand-forecast");
    const bad = path.join(dir, "bad.csv");
    await fs.writeFile(bad, (await fs.readFile(input.datasetPath, "utf8")).replace(/\n([^,\n]*),/, "\nabc,"));
    const file = path.join(dir, "failed.predictions");
    const result = await evaluateDataset({ ...input, datasetPath: bad }, () => undefined, { predictionsPath: file });
    expect(result.ok).toBe(false);
    await expect(fs.access(file)).rejects.toThrow(/ENOENT/);
  });
});
