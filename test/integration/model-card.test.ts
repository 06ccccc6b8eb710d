import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as modelCardRoute from "@/app/api/v1/versions/[id]/model-card/route";
import * as evaluationsRoute from "@/app/api/v1/evaluations/route";
import * as evaluationRoute from "@/app/api/v1/evaluations/[id]/route";
import * as requestsRoute from "@/app/api/v1/versions/[id]/promotion-requests/route";
import * as promoteRoute from "@/app/api/v1/promotion-requests/[id]/promote/route";
import { db } from "@/lib/db";
import { formatMetric } from "@/lib/metrics/metric-info";
import type { TMetricValue } from "@/lib/metrics/types";
import { makeDemoModels } from "@/lib/onnx/demo/make-demo-models";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { call, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { waitFor } from "@/test/helpers/wait-for";
import { uploadDemoModel } from "@/test/helpers/demo-model";

// One evaluated version is enough: card-fraud v2 (8 features) goes through intake, an evaluation on
// the model's holdout through the API, and a promotion to staging, then its card is read.
let workers: TWorkers | null = null;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let modelName: string;
let versionId: string;
let features: string[];
let evaluationId: string;

beforeAll(async () => {
  t = await makeTeamWithRoles();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-card-"));
  const manifest = await makeDemoModels(dir);
  const demo = manifest.models.find((m) => m.name === "card-fraud")!;
  const v2 = demo.versions[1];
  features = v2.metadata.features;
  modelName = uniq("card-fraud");
  const model = await uploadDemoModel(t.ds.actor, t.team, dir, demo, { name: modelName, versions: [1], description: "Scores **card** payments for fraud." });
  versionId = model.versionIds[0];
  workers = await startWorkers();
  const dsToken = await tokenFor(t.ds.actor, t.team.slug);
  await waitFor(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).intakeStatus === "PASSED" || null, "intake");
  const run = await call(evaluationsRoute.POST, { token: dsToken, json: { versionId } });
  expect(run.status).toBe(202);
  evaluationId = run.data.evaluation.id;
  const done = await waitFor(async () => {
    const r = await call(evaluationRoute.GET, { token: dsToken, params: { id: evaluationId } });
    return ["SUCCEEDED", "FAILED"].includes(r.data.evaluation.status) ? r.data.evaluation : null;
  }, "evaluation");
  expect(done.status).toBe("SUCCEEDED");
  // Staging needs no approval under the default policy, so the data scientist promotes it.
  const request = await call(requestsRoute.POST, { token: dsToken, params: { id: versionId }, json: { targetStage: "STAGING", comment: "try it | <b>now</b>" } });
  expect(request.status).toBe(201);
  const promoted = await call(promoteRoute.POST, { token: dsToken, params: { id: request.data.request.request.id } });
  expect(promoted.status, JSON.stringify(promoted.data)).toBe(200);
  await fs.rm(dir, { recursive: true, force: true });
}, 180_000);

afterAll(async () => {
  await workers?.close();
});

const getCard = async (token: string | null, query = "") => call(modelCardRoute.GET, { token, url: `/api/v1/versions/${versionId}/model-card${query}`, params: { id: versionId } });

describe("model card", () => {
  it("is Markdown with the signature, the stored metrics, the gates and the history", async () => {
    const res = await getCard(await tokenFor(t.exec.actor, t.team.slug));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`inline; filename="${modelName}-v1-model-card.md"`);
    const md = res.data as string;
    expect(md.startsWith(`# Model card: ${modelName} v1\n`)).toBe(true);
    expect(md).toContain("Scores **card** payments for fraud.");

    expect(md).toContain("## Signature");
    expect(md).toContain("| `float_input` | `float32` | `[?, 8]` |");
    expect(md).toContain(`### Features (8, one matrix input \`float_input\`)`);
    for (const [i, name] of features.entries()) expect(md).toContain(`| ${i + 1} | \`${name}\` | \`float32\` |`);

    const stored = (await db.evaluationRun.findUniqueOrThrow({ where: { id: evaluationId } })).metrics as { metrics: Record<string, TMetricValue> };
    const auc = stored.metrics.roc_auc.value!;
    expect(md).toContain(`| ROC AUC | \`roc_auc\` | ${formatMetric("roc_auc", auc)} |`);
    expect(md).toContain(`evaluation \`${evaluationId}\``);
    expect(md).toMatch(/\| Single-row latency p95 \| \d+\.\d{3} ms \|/);

    expect(md).toContain("## Gates for production");
    expect(md).toContain("| Intake checks | PASS | all intake checks passed |");
    expect(md).toContain(`| roc_auc ≥ 0.7 | PASS | roc_auc ${formatMetric("roc_auc", auc)} ≥ 0.7 |`);
    expect(md).toMatch(/Policy revision 0 \(the task's defaults\); production also needs 1 approval/);

    expect(md).toContain("#### To staging: promoted");
    expect(md).toContain("- **Comment:** try it \\| \\<b>now\\</b>");
    expect(md).toContain("| Promoted | Development → Staging | try it \\| \\<b>now\\</b> |");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { subjectType: "model_version", subjectId: versionId }, orderBy: { seq: "desc" } });
    expect(md).toContain(`Audit reference: event #${audit.seq} (\`${audit.action}\``);
  });

  it("downloads as an attachment named after the model and version", async () => {
    const res = await getCard(await tokenFor(t.ds.actor, t.team.slug), "?download=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${modelName}-v1-model-card.md"`);
    expect(res.data).toContain("## Approvals and promotion history");
  });

  it("is not found for another team and needs authentication", async () => {
    const other = await makeTeamWithRoles();
    const res = await getCard(await tokenFor(other.approver.actor, other.team.slug));
    expect(res.status).toBe(404);
    expect(res.data.error.code).toBe("not_found");
    expect((await getCard(null)).status).toBe(401);
    const missing = await call(modelCardRoute.GET, { token: await tokenFor(t.ds.actor, t.team.slug), params: { id: "nope" } });
    expect(missing.status).toBe(404);
  });
});
