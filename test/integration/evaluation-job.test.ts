import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createReadStream } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as evaluationsRoute from "@/app/api/v1/evaluations/route";
import * as evaluationRoute from "@/app/api/v1/evaluations/[id]/route";
import * as cancelRoute from "@/app/api/v1/evaluations/[id]/cancel/route";
import * as datasetsRoute from "@/app/api/v1/datasets/route";
import { db } from "@/lib/db";
import { registerModel } from "@/lib/models/register-model";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { call, encodeForm, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { waitFor } from "@/test/helpers/wait-for";

// The whole evaluation path on real services: dataset upload through the API, a version through
// intake, POST /api/v1/evaluations, the worker's sandbox, results and audit on the row.
let workers: TWorkers | null = null;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let token: string;
let demoDir: string;
let manifest: TDemoManifest;

beforeAll(async () => {
  t = await makeTeamWithRoles();
  token = await tokenFor(t.ds.actor, t.team.slug);
  demoDir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-evaljob-"));
  manifest = await makeDemoModels(demoDir);
});

afterAll(async () => {
  await workers?.close();
});

async function demoVersionWithDataset(modelName: string, versionIndex = 0) {
  const m = manifest.models.find((x) => x.name === modelName)!;
  const v = m.versions[versionIndex];
  const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq(modelName), task: m.task });
  const received = await receiveToTemp(createReadStream(path.join(demoDir, v.file)), 10 * 1024 * 1024);
  const created = await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...received, filename: v.file }, v.metadata);
  const form = new FormData();
  form.append("team", t.team.slug);
  form.append("name", uniq("eval"));
  form.append("labelColumn", m.datasets.labelColumn);
  form.append("modelId", model.id);
  form.append("role", "evaluation");
  form.append("file", new Blob([await fs.readFile(path.join(demoDir, m.datasets.evaluation))]), m.datasets.evaluation);
  const { body, contentType } = await encodeForm(form);
  const ds = await call(datasetsRoute.POST, { token, body, headers: { "content-type": contentType } });
  expect(ds.status).toBe(201);
  return { versionId: created.versionId, datasetId: ds.data.dataset.id as string, expected: v.evaluationMetrics };
}

describe("evaluation job", () => {
  it("cancels a run that has not started, then evaluates a classifier with the model's default dataset", async () => {
    const { versionId, expected } = await demoVersionWithDataset("card-fraud", 1);
    // No worker yet: the version waits for intake and the run for a worker.
    const early = await call(evaluationsRoute.POST, { token, json: { versionId } });
    expect(early.status).toBe(409);
    expect(early.data.error.message).toMatch(/has not passed intake/);

    workers = await startWorkers();
    await waitFor(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).intakeStatus === "PASSED" || null, "intake");
    await workers.close();
    workers = null;

    const queued = await call(evaluationsRoute.POST, { token, json: { versionId } });
    expect(queued.status).toBe(202);
    const again = await call(evaluationsRoute.POST, { token, json: { versionId } });
    expect(again.data.evaluation.id).toBe(queued.data.evaluation.id);
    const cancelled = await call(cancelRoute.POST, { token, params: { id: queued.data.evaluation.id } });
    expect(cancelled.status).toBe(202);

    workers = await startWorkers();
    const done = await waitFor(async () => {
      const r = await call(evaluationRoute.GET, { token, params: { id: queued.data.evaluation.id } });
      return ["CANCELLED", "SUCCEEDED", "FAILED"].includes(r.data.evaluation.status) ? r.data.evaluation : null;
    }, "the cancelled run");
    expect(done.status).toBe("CANCELLED");

    const run = await call(evaluationsRoute.POST, { token, json: { versionId } });
    const result = await waitFor(async () => {
      const r = await call(evaluationRoute.GET, { token, params: { id: run.data.evaluation.id } });
      return ["SUCCEEDED", "FAILED", "CANCELLED"].includes(r.data.evaluation.status) ? r.data.evaluation : null;
    }, "the evaluation");
    expect(result.error).toBeNull();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.rowsDone).toBe(2000);
    expect(result.metrics.task).toBe("binary");
    expect(result.metrics.metrics.roc_auc.value).toBeCloseTo(expected.roc_auc, 3);
    expect(result.curves.roc.value.fpr.length).toBeGreaterThan(2);
    expect(result.metrics).not.toHaveProperty("roc");
    expect(result.profile.singleRowLatencyMs.runs).toBe(1000);
    expect(await db.auditEvent.count({ where: { subjectId: result.id, action: "evaluation.completed" } })).toBe(1);
  });

  it("evaluates a regressor; an executive may read but not start evaluations", async () => {
    workers ??= await startWorkers();
    const { versionId, datasetId, expected } = await demoVersionWithDataset("demand-forecast");
    await waitFor(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).intakeStatus === "PASSED" || null, "intake");
    const execToken = await tokenFor(t.exec.actor, t.team.slug);
    expect((await call(evaluationsRoute.POST, { token: execToken, json: { versionId, datasetId } })).status).toBe(403);
    const run = await call(evaluationsRoute.POST, { token, json: { versionId, datasetId } });
    const result = await waitFor(async () => {
      const r = await call(evaluationRoute.GET, { token: execToken, params: { id: run.data.evaluation.id } });
      return ["SUCCEEDED", "FAILED"].includes(r.data.evaluation.status) ? r.data.evaluation : null;
    }, "the regression evaluation");
    expect(result.status).toBe("SUCCEEDED");
    expect(result.metrics.metrics.rmse.value).toBeCloseTo(expected.rmse, 1);
  });
});
