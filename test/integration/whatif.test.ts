import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as whatifRoute from "@/app/api/v1/models/[id]/whatif/route";
import * as modelScenariosRoute from "@/app/api/v1/models/[id]/scenarios/route";
import * as scenarioRoute from "@/app/api/v1/scenarios/[id]/route";
import * as csvRoute from "@/app/api/v1/scenarios/[id]/export.csv/route";
import * as requestScenariosRoute from "@/app/api/v1/promotion-requests/[id]/scenarios/route";
import { db } from "@/lib/db";
import { registerModel } from "@/lib/models/register-model";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createDatasetFromFile } from "@/lib/datasets/upload-dataset";
import { startEvaluation } from "@/lib/evaluation/start-evaluation";
import { requestPromotion } from "@/lib/promotions/request-promotion";
import { decidePromotion } from "@/lib/promotions/decide-promotion";
import { promote } from "@/lib/promotions/promote";
import { computeScenario } from "@/lib/whatif/compute-scenario";
import { executiveOverview } from "@/lib/whatif/executive-overview";
import type { TWhatIfData } from "@/lib/whatif/get-whatif-data";
import { ratesAt } from "@/lib/whatif/rates-at";
import type { TBinaryInputs } from "@/lib/whatif/schemas";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { call, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { waitFor } from "@/test/helpers/wait-for";
import { uploadDemoModel } from "@/test/helpers/demo-model";

// The what-if on real services: card-fraud v1 (production) and v2 and the demand forecast are
// evaluated by the worker's sandbox on real onnxruntime, which keeps each run's per-row predictions;
// the what-if API turns those into threshold curves and residual summaries.
let workers: TWorkers | null = null;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let other: Awaited<ReturnType<typeof makeTeamWithRoles>>;
const tokens = { ds: "", approver: "", exec: "", otherExec: "" };
let dir: string;
let manifest: TDemoManifest;
const fraud = { id: "", v1: "", v2: "" };
const demand = { id: "", v1: "" };
let routingId: string;
let pendingRequestId: string;

async function setUpModel(name: string): Promise<{ id: string; versions: string[] }> {
  const model = await uploadDemoModel(t.ds.actor, t.team, dir, manifest.models.find((m) => m.name === name)!);
  return { id: model.id, versions: model.versionIds };
}

const evaluated = (versionId: string) => waitFor(async () => {
  const run = await db.evaluationRun.findFirst({ where: { versionId }, orderBy: { createdAt: "desc" }, select: { status: true, error: true } });
  if (run?.status === "FAILED") throw new Error(`evaluation failed: ${run.error}`);
  return run?.status === "SUCCEEDED";
}, "an evaluation");

beforeAll(async () => {
  t = await makeTeamWithRoles();
  other = await makeTeamWithRoles();
  tokens.ds = await tokenFor(t.ds.actor, t.team.slug);
  tokens.approver = await tokenFor(t.approver.actor, t.team.slug);
  tokens.exec = await tokenFor(t.exec.actor, t.team.slug);
  tokens.otherExec = await tokenFor(other.exec.actor, other.team.slug);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-whatif-"));
  manifest = await makeDemoModels(dir);
  const f = await setUpModel("card-fraud");
  Object.assign(fraud, { id: f.id, v1: f.versions[0], v2: f.versions[1] });
  const d = await setUpModel("demand-forecast");
  Object.assign(demand, { id: d.id, v1: d.versions[0] });
  routingId = (await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("routing"), task: "MULTICLASS" })).id;
  workers = await startWorkers();
  for (const id of [fraud.v1, fraud.v2, demand.v1]) {
    await waitFor(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id } })).intakeStatus === "PASSED", "intake");
    await startEvaluation(t.ds.actor, { versionId: id });
  }
  for (const id of [fraud.v1, fraud.v2, demand.v1]) await evaluated(id);
  // v1 goes to production the ordinary way; v2 waits in an open request.
  const first = await requestPromotion(t.ds.actor, fraud.v1, { targetStage: "PRODUCTION", comment: "first" });
  await decidePromotion(t.approver.actor, first.id, { decision: "approve" });
  await promote(t.approver.actor, first.id);
  pendingRequestId = (await requestPromotion(t.ds.actor, fraud.v2, { targetStage: "PRODUCTION", comment: "all eight features" })).id;
}, 180_000);

afterAll(async () => {
  await workers?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const whatif = (token: string, modelId: string, q = "") => call(whatifRoute.GET, { token, url: `/api/v1/x${q}`, params: { id: modelId } });

describe("GET /api/v1/models/{id}/whatif", () => {
  it("gives production's exact threshold curve, consistent with its stored confusion matrix, and defaults with their source", async () => {
    const res = await whatif(tokens.exec, fraud.id);
    expect(res.status).toBe(200);
    const data = res.data as TWhatIfData;
    expect(data.available).toBe(true);
    expect(data.primary!.version).toMatchObject({ id: fraud.v1, number: 1, stage: "PRODUCTION" });
    expect(data.suggestedCompareId).toBe(fraud.v2);
    const curve = data.primary!.curve!;
    expect(curve.kind).toBe("exact");
    expect(curve.positives + curve.negatives).toBe(2000);
    expect(curve.thresholds.length).toBe(curve.distinctScores);
    // Thresholds strictly descending, counts never falling as the threshold does.
    for (let i = 1; i < curve.thresholds.length; i++) {
      expect(curve.thresholds[i]).toBeLessThan(curve.thresholds[i - 1]);
      expect(curve.tp[i]).toBeGreaterThanOrEqual(curve.tp[i - 1]);
      expect(curve.fp[i]).toBeGreaterThanOrEqual(curve.fp[i - 1]);
    }
    // At 0.5 the curve flags exactly the rows the evaluation's confusion matrix counts as predicted positive.
    const run = await db.evaluationRun.findFirstOrThrow({ where: { versionId: fraud.v1, status: "SUCCEEDED" }, select: { metrics: true } });
    const [[, fp], [, tp]] = (run.metrics as { confusionMatrix: [[number, number], [number, number]] }).confusionMatrix;
    expect(ratesAt(curve, 0.5)).toMatchObject({ tp, fp });
    expect(ratesAt(curve, 0)).toMatchObject({ tpr: 1, fpr: 1 });
    const defaults = data.defaults!;
    expect(defaults.inputs).toMatchObject({ task: "binary", prevalence: curve.positives / 2000, threshold: 0.5, volume: 10_000 });
    expect(defaults.provenance.prevalence.source).toBe("evaluation");
    expect(defaults.provenance.prevalence.note).toMatch(/evaluation data: \d+ of 2,000 rows of .* are positive/);
    expect(defaults.provenance.volume).toMatchObject({ source: "you" });
    expect(defaults.provenance.decayPerMonth.note).toMatch(/no observed decay yet/);
  });

  it("compares with the candidate on the same dataset: v2 is worth more", async () => {
    const data = (await whatif(tokens.exec, fraud.id, `?version=${fraud.v1}&compare=${fraud.v2}`)).data as TWhatIfData;
    expect(data.compare!.version).toMatchObject({ id: fraud.v2, number: 2 });
    expect(data.compare!.evaluation!.datasetName).toBe(data.primary!.evaluation!.datasetName);
    const inputs: TBinaryInputs = { ...(data.defaults!.inputs as TBinaryInputs), valueTruePositive: 200, costFalsePositive: 5, costFalseNegative: 200, costReview: 2 };
    const r = computeScenario(inputs, { versionId: fraud.v1, number: 1, curve: data.primary!.curve }, { versionId: fraud.v2, number: 2, curve: data.compare!.curve });
    if (r.task !== "binary") throw new Error("binary expected");
    expect(r.uplift!.atBest).toBeGreaterThan(0);
    expect(r.primary.optimum.perMonth).toBeGreaterThan(r.baseline.perMonth);
  });

  it("summarises a regressor's residuals exactly: mean over + mean under = MAE", async () => {
    const data = (await whatif(tokens.exec, demand.id)).data as TWhatIfData;
    const residuals = data.primary!.residuals!;
    expect(residuals).toMatchObject({ kind: "exact", rows: 2000 });
    const run = await db.evaluationRun.findFirstOrThrow({ where: { versionId: demand.v1, status: "SUCCEEDED" }, select: { metrics: true } });
    const mae = (run.metrics as { metrics: { mae: { value: number } } }).metrics.mae.value;
    expect(residuals.meanOver + residuals.meanUnder).toBeCloseTo(mae, 9);
    expect(data.defaults!.inputs).toMatchObject({ task: "regression", costOver: 1, costUnder: 1, unit: "units_sold" });
  });

  it("says a multiclass model is not covered yet, and refuses what is not the model's", async () => {
    const multi = (await whatif(tokens.exec, routingId)).data as TWhatIfData;
    expect(multi).toMatchObject({ available: false, primary: null });
    expect(multi.reason).toMatch(/multiclass/);
    const bad = await whatif(tokens.exec, fraud.id, `?version=${demand.v1}`);
    expect(bad.status).toBe(400);
    expect(bad.data.error.message).toBe("version is not a version of this model");
    expect((await whatif(tokens.otherExec, fraud.id)).status).toBe(404);
  });
});

describe("scenarios", () => {
  let inputs: TBinaryInputs;
  let scenarioId: string;
  beforeAll(async () => {
    const data = (await whatif(tokens.exec, fraud.id)).data as TWhatIfData;
    inputs = { ...(data.defaults!.inputs as TBinaryInputs), currency: "EUR", volume: 50_000, valueTruePositive: 180, costFalsePositive: 4, costFalseNegative: 180, costReview: 3, threshold: 0.3, reviewCapacity: 4000, retrainingCost: 15_000 };
  });
  const save = (token: string, body: unknown, modelId = fraud.id) => call(modelScenariosRoute.POST, { token, params: { id: modelId }, json: body });

  it("an executive saves one; everyone in the team lists and reads it; another team gets 404", async () => {
    const created = await save(tokens.exec, { name: "Q3 fraud plan", inputs, versions: { primary: fraud.v1, compare: fraud.v2 } });
    expect(created.status).toBe(201);
    scenarioId = created.data.scenario.id;
    expect(created.data.scenario).toMatchObject({ name: "Q3 fraud plan", inputs, versions: { primary: fraud.v1, compare: fraud.v2 }, canEdit: true, attachedTo: 0 });
    const listed = await call(modelScenariosRoute.GET, { token: tokens.ds, params: { id: fraud.id } });
    expect(listed.data.scenarios.map((s: { id: string; canEdit: boolean }) => [s.id, s.canEdit])).toEqual([[scenarioId, false]]);
    expect((await call(scenarioRoute.GET, { token: tokens.approver, params: { id: scenarioId } })).data.scenario.name).toBe("Q3 fraud plan");
    expect((await call(scenarioRoute.GET, { token: tokens.otherExec, params: { id: scenarioId } })).status).toBe(404);
    expect((await call(modelScenariosRoute.GET, { token: tokens.otherExec, params: { id: fraud.id } })).status).toBe(404);
    expect((await save(tokens.otherExec, { name: "mine", inputs, versions: { primary: fraud.v1 } })).status).toBe(404);
    const audit = await db.auditEvent.findFirst({ where: { action: "scenario.saved", subjectId: scenarioId } });
    expect(audit?.actorId).toBe(t.exec.id);
  });

  it("refuses a taken name, a bad input (naming the field) and a version of another model", async () => {
    const dup = await save(tokens.exec, { name: "Q3 fraud plan", inputs, versions: { primary: fraud.v1 } });
    expect(dup.status).toBe(409);
    expect(dup.data.error.message).toMatch(/^name: this model already has a scenario named "Q3 fraud plan"/);
    const bad = await save(tokens.exec, { name: "bad", inputs: { ...inputs, prevalence: 2 }, versions: { primary: fraud.v1 } });
    expect(bad.status).toBe(400);
    expect(bad.data.error.message).toBe("Invalid input: inputs.prevalence: prevalence must be between 0 and 1");
    const foreign = await save(tokens.exec, { name: "foreign", inputs, versions: { primary: demand.v1 } });
    expect(foreign.data.error.message).toBe("versions.primary is not a version of this model");
    const wrongTask = await save(tokens.exec, { name: "wrong task", inputs: { task: "regression", currency: "USD", volume: 1, costOver: 1, costUnder: 1, unit: "x" }, versions: { primary: fraud.v1 } });
    expect(wrongTask.data.error.message).toBe('inputs.task must be "binary" for this binary model');
  });

  it("only its author changes it", async () => {
    const body = { name: "Q3 fraud plan (revised)", inputs: { ...inputs, threshold: 0.35 }, versions: { primary: fraud.v1, compare: fraud.v2 } };
    const byDs = await call(scenarioRoute.PUT, { token: tokens.ds, method: "PUT", params: { id: scenarioId }, json: body });
    expect(byDs.status).toBe(403);
    const byExec = await call(scenarioRoute.PUT, { token: tokens.exec, method: "PUT", params: { id: scenarioId }, json: body });
    expect(byExec.status).toBe(200);
    expect(byExec.data.scenario).toMatchObject({ name: "Q3 fraud plan (revised)", inputs: { threshold: 0.35 } });
  });

  it("exports its numbers as CSV", async () => {
    const res = await call(csvRoute.GET, { token: tokens.ds, params: { id: scenarioId } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="whatif-card-fraud-[a-z0-9-]+-q3-fraud-plan-revised-\.csv"$|^attachment; filename="whatif-card-fraud-[a-z0-9-]+-q3-fraud-plan-revised.csv"$/);
    const lines = (res.data as string).split("\r\n");
    expect(lines[0]).toBe("section,item,version,value,unit");
    expect(lines).toContain("input,Decisions per month,,50000,decisions / month");
    expect(lines.some((l) => /^value,net value per month,v1,-?[\d.e+-]+,EUR \/ month$/.test(l))).toBe(true);
    expect(lines.some((l) => /^comparison,uplift per month at the threshold set,v2 − v1,/.test(l))).toBe(true);
  });

  it("an approver attaches it to the open request, with its figures frozen; a data scientist cannot", async () => {
    const attach = (token: string) => call(requestScenariosRoute.POST, { token, params: { id: pendingRequestId }, json: { scenarioId } });
    expect((await attach(tokens.ds)).status).toBe(403);
    expect((await attach(tokens.exec)).status).toBe(403);
    expect((await call(requestScenariosRoute.POST, { token: tokens.otherExec, params: { id: pendingRequestId }, json: { scenarioId } })).status).toBe(404);
    const ok = await attach(tokens.approver);
    expect(ok.status).toBe(201);
    const summary = ok.data.attached.summary;
    expect(summary).toMatchObject({ name: "Q3 fraud plan (revised)", task: "binary", currency: "EUR", bestCadenceMonths: expect.any(Number) });
    expect(summary.versions.map((v: { role: string; number: number }) => [v.role, v.number])).toEqual([["primary", 1], ["compare", 2]]);
    expect(summary.upliftPerMonth).toBeCloseTo(summary.versions[1].valuePerMonth - summary.versions[0].valuePerMonth, 6);
    expect((await attach(tokens.approver)).status).toBe(409);

    // Changing the scenario later does not change what the request shows.
    await call(scenarioRoute.PUT, { token: tokens.exec, method: "PUT", params: { id: scenarioId }, json: { name: "renamed", inputs: { ...inputs, volume: 1 }, versions: { primary: fraud.v1 } } });
    const listed = await call(requestScenariosRoute.GET, { token: tokens.exec, params: { id: pendingRequestId } });
    expect(listed.data).toMatchObject({ canAttach: false, attachable: [] });
    expect(listed.data.attached).toHaveLength(1);
    expect(listed.data.attached[0].summary).toEqual(summary);
    expect((await call(requestScenariosRoute.GET, { token: tokens.approver, params: { id: pendingRequestId } })).data.canAttach).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "scenario.attached", subjectId: pendingRequestId } })).toBe(1);

    // Attached evidence stays: the author cannot delete it now.
    const del = await call(scenarioRoute.DELETE, { token: tokens.exec, method: "DELETE", params: { id: scenarioId } });
    expect(del.status).toBe(409);
  });

  it("its author deletes a scenario nobody attached", async () => {
    const created = await save(tokens.ds, { name: "scratch", inputs, versions: { primary: fraud.v2 } });
    expect(created.status).toBe(201);
    expect((await call(scenarioRoute.DELETE, { token: tokens.exec, method: "DELETE", params: { id: created.data.scenario.id } })).status).toBe(403);
    expect((await call(scenarioRoute.DELETE, { token: tokens.ds, method: "DELETE", params: { id: created.data.scenario.id } })).status).toBe(204);
    expect(await db.scenario.count({ where: { id: created.data.scenario.id } })).toBe(0);
  });

  it("saves a regression scenario with asymmetric costs", async () => {
    const res = await save(tokens.exec, { name: "stock-outs", inputs: { task: "regression", currency: "USD", volume: 30_000, costOver: 0.5, costUnder: 3, unit: "units" }, versions: { primary: demand.v1 } }, demand.id);
    expect(res.status).toBe(201);
    const csv = await call(csvRoute.GET, { token: tokens.exec, params: { id: res.data.scenario.id } });
    expect(csv.data).toMatch(/cost of error,per month,v1,\d/);
  });
});

describe("executive overview", () => {
  it("lists production models with their value per month under the latest scenario", async () => {
    const overview = await executiveOverview(t.exec.actor);
    const card = overview.models.find((m) => m.id === fraud.id)!;
    expect(card.production.number).toBe(1);
    expect(card.openRequests).toBe(1);
    expect(card.gates?.status).toBe("pass");
    expect(card.value).toMatchObject({ currency: "EUR", basis: { kind: "scenario", name: "renamed" }, estimated: false });
    // Models without production (the demand forecast, the router) are counted, not listed.
    expect(overview.models.some((m) => m.id === demand.id)).toBe(false);
    expect(overview.notInProduction).toBeGreaterThanOrEqual(2);
    expect((await executiveOverview(other.exec.actor)).models.some((m) => m.id === fraud.id)).toBe(false);
  });
});

describe("observed decay", () => {
  it("reads the decay from the version's evaluations on datasets of two periods", async () => {
    // A later period's labelled data: the first 1,200 rows of the holdout, so different content.
    const demo = manifest.models.find((m) => m.name === "card-fraud")!;
    const lines = (await fs.readFile(path.join(dir, demo.datasets.evaluation), "utf8")).split("\n");
    const later = path.join(dir, "card-fraud-later.csv");
    await fs.writeFile(later, `${lines.slice(0, 1201).join("\n")}\n`);
    const received = await receiveToTemp(createReadStream(later), 10 * 1024 * 1024);
    const { datasetId } = await createDatasetFromFile(t.ds.actor, { team: t.team.slug, name: uniq("card-fraud-later"), labelColumn: demo.datasets.labelColumn }, { ...received, filename: "card-fraud-later.csv" });
    await startEvaluation(t.ds.actor, { versionId: fraud.v1, datasetId });
    await waitFor(async () => (await db.evaluationRun.findFirst({ where: { versionId: fraud.v1, datasetId, status: "SUCCEEDED" } })) !== null || null, "the later evaluation");
    // The holdout is dated three months earlier than the later data.
    const model = await db.registeredModel.findUniqueOrThrow({ where: { id: fraud.id }, select: { defaultEvaluationDatasetId: true } });
    await db.dataset.update({ where: { id: model.defaultEvaluationDatasetId! }, data: { createdAt: new Date(Date.now() - 91 * 86_400_000) } });

    const data = (await whatif(tokens.exec, fraud.id)).data as TWhatIfData;
    expect(data.observedDecay!.points).toHaveLength(2);
    expect(data.observedDecay!.months).toBeCloseTo(91 / 30.4375, 1);
    expect(data.defaults!.provenance.decayPerMonth).toMatchObject({ source: "observed" });
    expect(data.defaults!.provenance.decayPerMonth.note).toMatch(/^observed: ROC AUC of v1 on 2 evaluation datasets over 3\.0 months$/);
    expect((data.defaults!.inputs as TBinaryInputs).decayPerMonth).toBe(data.observedDecay!.decayPerMonth);
    // The what-if still reads the model's default holdout.
    expect(data.dataset!.id).toBe(model.defaultEvaluationDatasetId);
  });
});
