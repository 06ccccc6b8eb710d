import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as compareRoute from "@/app/api/v1/models/[id]/compare/route";
import * as metricsRoute from "@/app/api/v1/models/[id]/metrics/route";
import * as evaluationsRoute from "@/app/api/v1/evaluations/route";
import * as evaluationRoute from "@/app/api/v1/evaluations/[id]/route";
import { db } from "@/lib/db";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { call, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles } from "@/test/helpers/factories";
import { waitFor } from "@/test/helpers/wait-for";
import { uploadDemoModel } from "@/test/helpers/demo-model";

// Compare and metric history read what real evaluations stored: card-fraud v1 (5 features, briefly
// trained) and v2 (8 features) go through intake and evaluation on the same holdout first.
let workers: TWorkers | null = null;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let token: string;
let manifest: TDemoManifest;
let modelId: string;
let datasetId: string;
const results = new Map<number, { metrics: Record<string, { value: number | null }> }>();

beforeAll(async () => {
  t = await makeTeamWithRoles();
  token = await tokenFor(t.exec.actor, t.team.slug);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-compare-"));
  manifest = await makeDemoModels(dir);
  const demo = manifest.models.find((m) => m.name === "card-fraud")!;
  const model = await uploadDemoModel(t.ds.actor, t.team, dir, demo);
  modelId = model.id;
  const versionIds = model.versionIds;
  datasetId = model.datasetId;
  workers = await startWorkers();
  const dsToken = await tokenFor(t.ds.actor, t.team.slug);
  for (const [i, versionId] of versionIds.entries()) {
    await waitFor(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).intakeStatus === "PASSED" || null, "intake");
    const run = await call(evaluationsRoute.POST, { token: dsToken, json: { versionId } });
    expect(run.status).toBe(202);
    const done = await waitFor(async () => {
      const r = await call(evaluationRoute.GET, { token: dsToken, params: { id: run.data.evaluation.id } });
      return ["SUCCEEDED", "FAILED"].includes(r.data.evaluation.status) ? r.data.evaluation : null;
    }, "evaluation");
    expect(done.status).toBe("SUCCEEDED");
    results.set(i + 1, done.metrics);
  }
  await fs.rm(dir, { recursive: true, force: true });
}, 180_000);

afterAll(async () => {
  await workers?.close();
});

const compare = (query: string, tok = token) => call(compareRoute.GET, { token: tok, url: `/api/v1/models/${modelId}/compare?${query}`, params: { id: modelId } });

describe("compare versions", () => {
  it("shows each version's metrics on the same dataset with deltas against the base", async () => {
    const res = await compare("versions=2,1");
    expect(res.status).toBe(200);
    const c = res.data;
    expect(c.dataset.id).toBe(datasetId);
    expect(c.baseNumber).toBe(1);
    expect(c.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    const v2 = c.versions[1];
    const auc = v2.metrics.find((m: { key: string }) => m.key === "roc_auc");
    expect(auc.value).toBe(results.get(2)!.metrics.roc_auc.value);
    expect(auc.delta).toBeCloseTo(results.get(2)!.metrics.roc_auc.value! - results.get(1)!.metrics.roc_auc.value!, 12);
    expect(c.versions[0].metrics.every((m: { delta: number | null }) => m.delta === null)).toBe(true);
    expect(v2.roc.fpr.length).toBeGreaterThan(2);
    expect(c.metadata.find((r: { key: string }) => r.key === "params.epochs")).toMatchObject({ values: ["25", "600"], differs: true });
    expect(c.metadata.find((r: { key: string }) => r.key === "params.solver")).toMatchObject({ differs: false });
  });

  it("says which features and inputs v2 adds against v1, and v1 lacks against v2", async () => {
    const forward = (await compare("versions=1,2")).data.versions[1].signatureDiff;
    const added = manifest.models.find((m) => m.name === "card-fraud")!.versions[1].metadata.features.slice(5);
    expect(added).toHaveLength(3);
    expect(forward.features).toEqual(added.map((name) => ({ kind: "added", name, after: "float32" })));
    expect(forward.inputs).toEqual([{ kind: "changed", name: "float_input", before: { elemType: "float32", shape: "[?, 5]" }, after: { elemType: "float32", shape: "[?, 8]" }, what: ["shape [?, 5] → [?, 8]"] }]);
    const backward = (await compare("versions=1,2&base=2")).data.versions[0].signatureDiff;
    expect(backward.features.every((c: { kind: string }) => c.kind === "removed")).toBe(true);
  });

  it("names what is wrong with the query", async () => {
    expect((await compare("versions=1")).data.error.message).toBe("compare needs at least 2 versions");
    expect((await compare("versions=1,2,3,4,5")).data.error.message).toBe("compare takes at most 4 versions");
    expect((await compare("versions=1,9")).data.error.message).toMatch(/has no version v9$/);
    expect((await compare("versions=1,x")).data.error.message).toBe("each version must be a version number such as 3");
    expect((await compare("versions=1,1")).data.error.message).toBe("each version may be listed once");
    expect((await compare("versions=1,2&base=3")).data.error.message).toBe("the base version v3 is not one of the compared versions");
    expect((await compare("versions=1,2&dataset=nope")).status).toBe(400);
    expect((await compare("")).data.error.message).toMatch(/versions is required/);
  });

  it("hides another team's model as not found", async () => {
    const other = await makeTeamWithRoles();
    expect((await compare("versions=1,2", await tokenFor(other.ds.actor, other.team.slug))).status).toBe(404);
  });
});

describe("metric history", () => {
  it("lists every version's metrics on the default evaluation dataset, oldest first", async () => {
    const res = await call(metricsRoute.GET, { token, url: `/api/v1/models/${modelId}/metrics`, params: { id: modelId } });
    expect(res.status).toBe(200);
    expect(res.data.dataset.id).toBe(datasetId);
    expect(res.data.metricKeys).toContain("roc_auc");
    expect(res.data.points.map((p: { number: number; metrics: { roc_auc: number } }) => [p.number, p.metrics.roc_auc])).toEqual([
      [1, results.get(1)!.metrics.roc_auc.value],
      [2, results.get(2)!.metrics.roc_auc.value],
    ]);
  });
});
