import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createReadStream } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as requestsRoute from "@/app/api/v1/versions/[id]/promotion-requests/route";
import * as decisionsRoute from "@/app/api/v1/promotion-requests/[id]/decisions/route";
import * as promoteRoute from "@/app/api/v1/promotion-requests/[id]/promote/route";
import * as requestRoute from "@/app/api/v1/promotion-requests/[id]/route";
import * as policyRoute from "@/app/api/v1/models/[id]/policy/route";
import * as rollbackRoute from "@/app/api/v1/models/[id]/rollback/route";
import * as historyRoute from "@/app/api/v1/models/[id]/history/route";
import * as notificationsRoute from "@/app/api/v1/notifications/route";
import { db } from "@/lib/db";
import { registerModel } from "@/lib/models/register-model";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { env } from "@/lib/env";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { verifyWebhookSignature } from "@/lib/webhooks/signature";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { call, tokenFor } from "@/test/helpers/api";
import { actorFor, makeTeamWithRoles, makeUser, uniq } from "@/test/helpers/factories";
import { waitFor } from "@/test/helpers/wait-for";
import { uploadDemoModel } from "@/test/helpers/demo-model";

// Gates and promotion on real services: card-fraud v1 and v2 go through intake and evaluation in the
// worker; requests, decisions, promotions and rollbacks go through the API routes.
let workers: TWorkers | null = null;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let approverB: { id: string; token: string };
const tokens: Record<"ds" | "a" | "exec", string> = { ds: "", a: "", exec: "" };
let manifest: TDemoManifest;
let modelId: string;
const versionIds: string[] = [];
// A real receiver on 127.0.0.1 (allowlisted for this file) subscribed to every event of the team.
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let receiver: http.Server;
let webhook: { id: string; secret: string };
const originalAllowlist = env.WEBHOOK_ALLOWED_HOSTS;

const getRequest = (id: string, token = tokens.a) => call(requestRoute.GET, { token, params: { id } });
const gatesSettled = (id: string) =>
  waitFor(async () => {
    const r = await getRequest(id);
    const items = r.data.request.report.items as { key: string; status: string }[];
    return items.filter((i) => i.key !== "approvals").every((i) => i.status !== "pending") ? r.data.request : null;
  }, "the gates to settle");

beforeAll(async () => {
  t = await makeTeamWithRoles();
  const b = await makeUser({ teamId: t.team.id, role: "APPROVER" });
  approverB = { id: b.id, token: await tokenFor(await actorFor(b.id), t.team.slug) };
  tokens.ds = await tokenFor(t.ds.actor, t.team.slug);
  tokens.a = await tokenFor(t.approver.actor, t.team.slug);
  tokens.exec = await tokenFor(t.exec.actor, t.team.slug);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-promote-"));
  manifest = await makeDemoModels(dir);
  const demo = manifest.models.find((m) => m.name === "card-fraud")!;
  const model = await uploadDemoModel(t.ds.actor, t.team, dir, demo);
  modelId = model.id;
  versionIds.push(...model.versionIds);
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
  const admin = await actorFor((await makeUser({ isAdmin: true })).id);
  const hook = await createWebhook(admin, { team: t.team.slug, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: [...WEBHOOK_EVENTS] });
  webhook = { id: hook.webhook.id, secret: hook.secret };
  workers = await startWorkers();
  for (const id of versionIds) await waitFor(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id } })).intakeStatus === "PASSED" || null, "intake");
  await fs.rm(dir, { recursive: true, force: true });
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await db.webhook.deleteMany({ where: { id: webhook?.id } });
  env.WEBHOOK_ALLOWED_HOSTS = originalAllowlist;
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

describe("promotion to production", () => {
  it("requests v1, evaluates it automatically, and promotes it after an approval by someone else", async () => {
    const created = await call(requestsRoute.POST, { token: tokens.ds, params: { id: versionIds[0] }, json: { targetStage: "PRODUCTION", comment: "first production model" } });
    expect(created.status).toBe(201);
    const requestId = created.data.request.request.id as string;
    expect(await db.evaluationRun.count({ where: { versionId: versionIds[0] } })).toBe(1);
    const inbox = await call(notificationsRoute.GET, { token: tokens.a });
    expect(inbox.data.items.some((n: { kind: string; href: string }) => n.kind === "promotion.requested" && n.href.includes(versionIds[0]))).toBe(true);
    expect(inbox.data.unread).toBeGreaterThan(0);

    const settled = await gatesSettled(requestId);
    const detail = (key: string) => settled.report.items.find((i: { key: string }) => i.key === key);
    expect(detail("threshold:roc_auc")).toMatchObject({ status: "pass" });
    expect(detail("threshold:roc_auc").detail).toMatch(/^roc_auc 0\.\d{4} ≥ 0\.7$/);
    expect(detail("latency")).toMatchObject({ status: "pass" });
    expect(detail("non_regression")).toMatchObject({ status: "pass", detail: "no production version yet: nothing to regress against" });
    expect(detail("approvals")).toMatchObject({ status: "pending", detail: "0 of 1 approval" });

    // Not ready: promoting now is refused with the reason.
    const early = await call(promoteRoute.POST, { token: tokens.a, params: { id: requestId } });
    expect(early.status).toBe(409);
    expect(early.data.error.message).toMatch(/1 approval: 0 of 1 approval/);
    // A data scientist cannot decide; an executive cannot either; both refusals are audited.
    expect((await call(decisionsRoute.POST, { token: tokens.ds, params: { id: requestId }, json: { decision: "approve" } })).status).toBe(403);
    expect((await call(decisionsRoute.POST, { token: tokens.exec, params: { id: requestId }, json: { decision: "approve" } })).status).toBe(403);
    expect(await db.auditEvent.count({ where: { action: "access.denied", subjectId: `POST /api/v1/x`, actorId: { in: [t.ds.id, t.exec.id] } } })).toBe(2);

    const approved = await call(decisionsRoute.POST, { token: tokens.a, params: { id: requestId }, json: { decision: "approve", comment: "metrics look right" } });
    expect(approved.status).toBe(201);
    expect(approved.data.request.ready).toBe(true);
    const promoted = await call(promoteRoute.POST, { token: tokens.a, params: { id: requestId } });
    expect(promoted.status).toBe(200);
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: versionIds[0] } })).stage).toBe("PRODUCTION");
    const transition = await db.stageTransition.findUniqueOrThrow({ where: { requestId } });
    const snapshot = transition.snapshot as { gates: { key: string }[]; approvals: { comment: string }[]; evaluations: { candidate: string } };
    expect(snapshot.approvals).toEqual([expect.objectContaining({ comment: "metrics look right" })]);
    expect(snapshot.gates.map((g) => g.key)).toContain("threshold:roc_auc");
    expect(snapshot.evaluations.candidate).toBeTruthy();
    // The snapshot is immutable: the database refuses to change it.
    await expect(db.stageTransition.update({ where: { id: transition.id }, data: { reason: "rewritten" } })).rejects.toThrow(/append-only/);
  });

  it("holds v2 to non-regression against v1 and a quorum of two, voiding an approval when the policy changes", async () => {
    const policy = (await call(policyRoute.GET, { token: tokens.a, params: { id: modelId } })).data;
    expect(policy.isDefault).toBe(true);
    const strict = { ...policy.policy, production: { ...policy.policy.production, approvals: 2 } };
    expect((await call(policyRoute.PUT, { token: tokens.ds, params: { id: modelId }, json: strict })).status).toBe(403);
    const bad = await call(policyRoute.PUT, { token: tokens.a, params: { id: modelId }, json: { ...strict, staging: { ...strict.staging, thresholds: [{ metric: "rmse", direction: "max", value: 1 }] } } });
    expect(bad.status).toBe(400);
    expect(bad.data.error.message).toMatch(/'rmse' is not a binary metric/);

    const created = await call(requestsRoute.POST, { token: tokens.ds, params: { id: versionIds[1] }, json: { targetStage: "PRODUCTION", comment: "all eight features" } });
    const requestId = created.data.request.request.id as string;
    const again = await call(requestsRoute.POST, { token: tokens.ds, params: { id: versionIds[1] }, json: { targetStage: "PRODUCTION" } });
    expect(again.status).toBe(409);
    expect(again.data.error.message).toMatch(/already has an open request for production/);
    const settled = await gatesSettled(requestId);
    const auc = settled.report.items.find((i: { key: string }) => i.key === "non_regression:roc_auc");
    expect(auc, JSON.stringify(settled.report.items)).toMatchObject({ status: "pass" });
    expect(auc.detail).toMatch(/^roc_auc 0\.\d{4} vs production v1: 0\.\d{4}, tolerance −0\.01 → within tolerance$/);

    await call(decisionsRoute.POST, { token: tokens.a, params: { id: requestId }, json: { decision: "approve", comment: "ok under one approval" } });
    expect((await call(policyRoute.PUT, { token: tokens.a, params: { id: modelId }, json: strict })).data.revision).toBe(1);
    const afterPolicy = (await getRequest(requestId)).data.request;
    expect(afterPolicy.decisions[0]).toMatchObject({ valid: false, voidReason: "the gate policy changed (revision 0 → 1)" });
    expect(afterPolicy.quorum).toEqual({ needed: 2, valid: 0 });

    await call(decisionsRoute.POST, { token: tokens.a, params: { id: requestId }, json: { decision: "approve", comment: "still fine" } });
    expect((await call(promoteRoute.POST, { token: tokens.a, params: { id: requestId } })).status).toBe(409);
    const second = await call(decisionsRoute.POST, { token: approverB.token, params: { id: requestId }, json: { decision: "approve", comment: "agreed" } });
    expect(second.data.request.quorum).toEqual({ needed: 2, valid: 2 });
    expect((await call(promoteRoute.POST, { token: approverB.token, params: { id: requestId } })).status).toBe(200);
    const stages = await db.modelVersion.findMany({ where: { modelId }, orderBy: { number: "asc" }, select: { stage: true } });
    expect(stages.map((s) => s.stage)).toEqual(["ARCHIVED", "PRODUCTION"]);
  });

  it("rolls back to v1 with a reason, by an approver only, and the history shows every step", async () => {
    expect((await call(rollbackRoute.POST, { token: tokens.ds, params: { id: modelId }, json: { reason: "bad night" } })).status).toBe(403);
    expect((await call(rollbackRoute.POST, { token: tokens.a, params: { id: modelId }, json: { reason: "" } })).data.error.message).toMatch(/say why/);
    const rolled = await call(rollbackRoute.POST, { token: tokens.a, params: { id: modelId }, json: { reason: "false alarms doubled overnight" } });
    expect(rolled.status).toBe(200);
    expect(rolled.data.rollback).toMatchObject({ production: { number: 1 }, archived: { number: 2 } });
    const history = (await call(historyRoute.GET, { token: tokens.exec, params: { id: modelId } })).data.transitions;
    expect(history.map((h: { kind: string; version: { number: number } }) => `${h.kind} v${h.version.number}`)).toEqual(["ROLLBACK v1", "PROMOTION v2", "PROMOTION v1"]);
    expect(await db.auditEvent.count({ where: { subjectId: modelId, action: "version.rolled_back" } })).toBe(1);
  });

  it("told the team's webhook of every step, signed, in order", async () => {
    const expected = [
      "promotion.requested", "evaluation.completed", "promotion.decided", "stage.changed",
      "promotion.requested", "promotion.decided", "promotion.decided", "promotion.decided", "stage.changed", "rollback", "stage.changed",
    ];
    const rows = await waitFor(async () => {
      const r = await db.webhookDelivery.findMany({ where: { webhookId: webhook.id }, orderBy: { createdAt: "asc" } });
      return r.length >= expected.length && r.every((d) => d.status === "SUCCEEDED") ? r : null;
    }, "every delivery to succeed", 30_000);
    const events = rows.map((r) => r.event);
    // Evaluations finish in the worker while requests go on; compare without them, then count them.
    expect(events.filter((e) => e !== "evaluation.completed")).toEqual(expected.filter((e) => e !== "evaluation.completed"));
    expect(events.filter((e) => e === "evaluation.completed").length).toBeGreaterThanOrEqual(2);
    const byEvent = (e: string) => rows.filter((r) => r.event === e).map((r) => r.payload as { data: Record<string, unknown> });
    expect(byEvent("rollback")[0].data).toMatchObject({ reason: "false alarms doubled overnight", production: { number: 1 }, archived: { number: 2 } });
    expect(byEvent("stage.changed")[1].data).toMatchObject({ kind: "promotion", version: { number: 2 }, toStage: "PRODUCTION", archived: { number: 1 } });
    expect(byEvent("promotion.decided").map((d) => d.data.comment)).toEqual(["metrics look right", "ok under one approval", "still fine", "agreed"]);
    expect(received.length).toBeGreaterThanOrEqual(rows.length);
    for (const r of received) {
      const ok = verifyWebhookSignature({ secret: webhook.secret, body: r.body, signature: String(r.headers["x-modelgate-signature"]), timestamp: String(r.headers["x-modelgate-timestamp"]) });
      expect(ok).toBe(true);
    }
    // The other tests in this file make many requests; they need not reach the receiver.
    await db.webhook.update({ where: { id: webhook.id }, data: { active: false } });
  });
});

describe("separation of duties and other teams", () => {
  it("refuses the uploader and the requester as approvers, and hides the request from another team", async () => {
    const uploaderApprover = t.approver;
    const model = await registerModel(uploaderApprover.actor, { team: t.team.slug, name: uniq("sod"), task: "BINARY" });
    const bytes = await fs.readFile(path.join(process.cwd(), "test/fixtures/models/classifier-zipmap.onnx"));
    const tmp = path.join(os.tmpdir(), `${uniq("sod")}.onnx`);
    await fs.writeFile(tmp, bytes);
    const received = await receiveToTemp(createReadStream(tmp), 10 * 1024 * 1024);
    const { versionId } = await createVersionFromFile(uploaderApprover.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...received, filename: "m.onnx" }, {});
    await waitFor(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).intakeStatus === "PASSED" || null, "intake");
    const created = await call(requestsRoute.POST, { token: approverB.token, params: { id: versionId }, json: { targetStage: "STAGING" } });
    const requestId = created.data.request.request.id as string;
    const byUploader = await call(decisionsRoute.POST, { token: tokens.a, params: { id: requestId }, json: { decision: "approve" } });
    expect(byUploader.status).toBe(403);
    expect(byUploader.data.error.message).toMatch(/You uploaded .* v1; another approver must decide/);
    const byRequester = await call(decisionsRoute.POST, { token: approverB.token, params: { id: requestId }, json: { decision: "approve" } });
    expect(byRequester.data.error.message).toMatch(/You requested this promotion/);
    const other = await makeTeamWithRoles();
    const otherToken = await tokenFor(other.approver.actor, other.team.slug);
    expect((await getRequest(requestId, otherToken)).status).toBe(404);
    expect((await call(decisionsRoute.POST, { token: otherToken, params: { id: requestId }, json: { decision: "approve" } })).status).toBe(404);
    const rejected = await call(decisionsRoute.POST, { token: (await tokenFor(other.approver.actor, other.team.slug)), params: { id: requestId }, json: { decision: "reject" } });
    expect(rejected.status).toBe(404);
    await fs.rm(tmp, { force: true });
  });
});

describe("concurrent promotions", () => {
  it("lets exactly one of 50 approved production requests win; the others get 409 with the reason", async () => {
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("race"), task: "BINARY" });
    // Gates reduced to intake and one approval, so the race is about the promotion transaction alone.
    const bare = { staging: { thresholds: [], latencyP95Ms: null, approvals: 0 }, production: { nonRegression: [], bootstrap: { enabled: false, resamples: 1000, confidence: 0.95 }, approvals: 1 } };
    expect((await call(policyRoute.PUT, { token: tokens.a, params: { id: model.id }, json: bare })).status).toBe(200);
    const template = await db.modelVersion.findUniqueOrThrow({ where: { id: versionIds[0] }, select: { artifactSha256: true, artifactSize: true, storageKey: true } });
    const ids: string[] = [];
    for (let n = 1; n <= 50; n++) {
      const v = await db.modelVersion.create({ data: { modelId: model.id, number: n, ...template, intakeStatus: "PASSED", uploadedById: t.ds.id }, select: { id: true } });
      ids.push(v.id);
    }
    const requestIds: string[] = [];
    for (const id of ids) {
      const r = await call(requestsRoute.POST, { token: tokens.ds, params: { id }, json: { targetStage: "PRODUCTION" } });
      requestIds.push(r.data.request.request.id);
      expect((await call(decisionsRoute.POST, { token: tokens.a, params: { id: r.data.request.request.id }, json: { decision: "approve" } })).status).toBe(201);
    }
    const results = await Promise.all(requestIds.map((id) => call(promoteRoute.POST, { token: approverB.token, params: { id } })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.status === 409)) expect(r.data.error.message).toMatch(/Production changed from no production version to v\d+|approval|reached production at the same moment/);
    expect(await db.modelVersion.count({ where: { modelId: model.id, stage: "PRODUCTION" } })).toBe(1);
    // And the database itself refuses a second production version.
    const winner = await db.modelVersion.findFirstOrThrow({ where: { modelId: model.id, stage: "PRODUCTION" }, select: { id: true } });
    const loser = ids.find((id) => id !== winner.id)!;
    await expect(db.modelVersion.update({ where: { id: loser }, data: { stage: "PRODUCTION" } })).rejects.toThrow();
  }, 120_000);
});
