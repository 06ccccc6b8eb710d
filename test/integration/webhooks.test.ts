import { createReadStream } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ZodError } from "zod";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as webhooksRoute from "@/app/api/v1/webhooks/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/with-api";
import { registerModel } from "@/lib/models/register-model";
import { getQueue } from "@/lib/queue/producers";
import { jobIdFor } from "@/lib/queue/queues";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { deliverWebhook, PermanentDeliveryError } from "@/lib/webhooks/deliver-webhook";
import { listWebhookDeliveries } from "@/lib/webhooks/list-deliveries";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";
import { reconcileWebhookDeliveries } from "@/lib/webhooks/reconcile-deliveries";
import { dispatchWebhookDeliveries, recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";
import { verifyWebhookSignature } from "@/lib/webhooks/signature";
import { updateWebhook } from "@/lib/webhooks/update-webhook";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { call, tokenFor } from "@/test/helpers/api";
import { actorFor, makeTeam, makeTeamWithRoles, makeUser } from "@/test/helpers/factories";
import type { TActor } from "@/lib/auth/actor";
import type { TWebhookEvent } from "@/lib/webhooks/events";
import { waitFor } from "@/test/helpers/wait-for";

// Real worker code on the real Redis (this run's prefix) and PostgreSQL, delivering to a real HTTP
// receiver on 127.0.0.1, which the allowlist lets through (env is read at each delivery, so a test
// can change it). Every test makes its own team and webhooks; afterAll deletes them so no QUEUED
// row is left for later runs' reconcilers.
const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures", "models");

type TReceived = { path: string; headers: http.IncomingHttpHeaders; body: string };
const received: TReceived[] = [];
let receiver: http.Server;
let base: string;
let port: number;
let workers: TWorkers;
let admin: TActor;
const teamIds: string[] = [];
const originalAllowlist = env.WEBHOOK_ALLOWED_HOSTS;
const originalTimeout = env.WEBHOOK_TIMEOUT_MS;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "/";
      received.push({ path: url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (url.startsWith("/ok")) return res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
      if (url.startsWith("/fail")) return res.writeHead(500, { "content-type": "text/plain" }).end("boom: database is down");
      if (url.startsWith("/big")) return res.writeHead(503).end("x".repeat(200_000));
      if (url.startsWith("/redirect")) return res.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end();
      if (url.startsWith("/hang")) return; // never answers
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  port = (receiver.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
  const user = await makeUser({ isAdmin: true });
  admin = await actorFor(user.id);
  workers = await startWorkers();
});

afterEach(() => {
  env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
  env.WEBHOOK_TIMEOUT_MS = originalTimeout;
});

afterAll(async () => {
  await workers?.close();
  await db.webhook.deleteMany({ where: { teamId: { in: teamIds } } });
  env.WEBHOOK_ALLOWED_HOSTS = originalAllowlist;
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

async function team() {
  const t = await makeTeam();
  teamIds.push(t.id);
  return t;
}

const delivery = (id: string) => db.webhookDelivery.findUniqueOrThrow({ where: { id } });
const settled = (id: string) => waitFor(async () => {
  const d = await delivery(id);
  return d.status === "SUCCEEDED" || d.status === "FAILED" || d.status === "CANCELLED" ? d : null;
}, `delivery ${id} to settle`);

async function record(teamId: string, event: TWebhookEvent = "rollback", data: unknown = { reason: "test" }) {
  return db.$transaction((tx) => recordWebhookEvent(tx, { teamId, event, data }));
}

describe("recordWebhookEvent", () => {
  it("creates one QUEUED delivery per active webhook of the team subscribed to the event, inside the caller's transaction", async () => {
    const t = await team();
    const other = await team();
    const { webhook: subscribed } = await createWebhook(admin, { team: t.slug, url: `${base}/ok/a`, events: ["rollback", "version.created"] });
    await createWebhook(admin, { team: t.slug, url: `${base}/ok/b`, events: ["intake.failed"] });
    const { webhook: disabled } = await createWebhook(admin, { team: t.id, url: `${base}/ok/c`, events: ["rollback"] });
    await updateWebhook(admin, disabled.id, { active: false });
    await createWebhook(admin, { team: other.slug, url: `${base}/ok/d`, events: ["rollback"] });

    const ids = await record(t.id, "rollback", { model: { name: "m" }, size: 12n, at: new Date("2026-01-02T03:04:05Z") });
    expect(ids).toHaveLength(1);
    const row = await delivery(ids[0]);
    expect(row).toMatchObject({ webhookId: subscribed.id, event: "rollback", status: "QUEUED", attempts: 0, responseStatus: null });
    expect(row.payload).toEqual({
      id: ids[0], event: "rollback", occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), team: { id: t.id, slug: t.slug },
      data: { model: { name: "m" }, size: "12", at: "2026-01-02T03:04:05.000Z" },
    });

    // Nothing subscribed: no row. The caller's rollback takes the deliveries with it.
    expect(await record(t.id, "stage.changed")).toEqual([]);
    const teamWithout = await team();
    expect(await record(teamWithout.id)).toEqual([]);
    let rolledBack: string[] = [];
    await expect(db.$transaction(async (tx) => {
      rolledBack = await recordWebhookEvent(tx, { teamId: t.id, event: "rollback", data: {} });
      throw new Error("the caller's change failed");
    })).rejects.toThrow("the caller's change failed");
    expect(rolledBack).toHaveLength(1);
    expect(await db.webhookDelivery.findUnique({ where: { id: rolledBack[0] } })).toBeNull();
    // Not dispatched on purpose: delete them so no later run's reconciler sends them.
    await db.webhookDelivery.deleteMany({ where: { id: { in: ids } } });
  });
});

describe("delivery", () => {
  it("POSTs the envelope with verifiable signature headers and records the success", async () => {
    const t = await team();
    const { webhook, secret } = await createWebhook(admin, { team: t.slug, url: `${base}/ok/signed?x=1`, events: ["rollback"] });
    const [id] = await record(t.id, "rollback", { reason: "bad release" });
    await dispatchWebhookDeliveries([id]);
    const row = await settled(id);
    expect(row).toMatchObject({ status: "SUCCEEDED", attempts: 1, responseStatus: 200, error: null });
    expect(row.deliveredAt).toBeInstanceOf(Date);

    const req = received.find((r) => r.headers["x-modelgate-delivery"] === id)!;
    expect(req.path).toBe("/ok/signed?x=1");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["x-modelgate-event"]).toBe("rollback");
    expect(req.headers["x-modelgate-timestamp"]).toMatch(/^\d{10}$/);
    expect(req.headers["x-modelgate-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret, timestamp: req.headers["x-modelgate-timestamp"] as string, body: req.body, signature: req.headers["x-modelgate-signature"] as string })).toBe(true);
    expect(verifyWebhookSignature({ secret: "whsec_wrong", timestamp: req.headers["x-modelgate-timestamp"] as string, body: req.body, signature: req.headers["x-modelgate-signature"] as string })).toBe(false);
    expect(JSON.parse(req.body)).toEqual({ id, event: "rollback", occurredAt: expect.any(String), team: { id: t.id, slug: t.slug }, data: { reason: "bad release" } });

    const log = await listWebhookDeliveries(admin, webhook.id);
    expect(log[0]).toMatchObject({ id, event: "rollback", status: "SUCCEEDED", attempts: 1, responseStatus: 200 });
  });

  it("sends a ping on 'send test', even while the webhook is disabled", async () => {
    const t = await team();
    const { webhook } = await createWebhook(admin, { team: t.slug, url: `${base}/ok/ping`, events: ["rollback"] });
    await updateWebhook(admin, webhook.id, { active: false });
    const ping = await sendTestWebhook(admin, webhook.id);
    expect(ping).toMatchObject({ event: "ping", status: "QUEUED" });
    expect(await settled(ping.id)).toMatchObject({ status: "SUCCEEDED", responseStatus: 200 });
    const req = received.find((r) => r.headers["x-modelgate-delivery"] === ping.id)!;
    expect(JSON.parse(req.body)).toMatchObject({ event: "ping", data: { webhookId: webhook.id } });
    const audit = await db.auditEvent.findFirst({ where: { subjectId: webhook.id, action: "webhook.test_sent" } });
    expect(audit?.after).toEqual({ deliveryId: ping.id });
  });

  it("retries a failing receiver with backoff, then marks the delivery FAILED with the last error and every attempt counted", async () => {
    const t = await team();
    await createWebhook(admin, { team: t.slug, url: `${base}/fail`, events: ["rollback"] });
    const [id] = await record(t.id);
    // The production policy waits minutes between attempts; the same job with a short backoff.
    await getQueue("webhook").add("webhook", { deliveryId: id }, { jobId: jobIdFor(id), attempts: 3, backoff: { type: "exponential", delay: 100 } });
    const row = await settled(id);
    expect(row).toMatchObject({ status: "FAILED", attempts: 3, responseStatus: 500, error: "the receiver answered 500 Internal Server Error: boom: database is down" });
    expect(received.filter((r) => r.headers["x-modelgate-delivery"] === id)).toHaveLength(3);
  });

  it("refuses 127.0.0.1 when it is not allowlisted, permanently and with the reason, by address or by resolved name", async () => {
    const t = await team();
    await createWebhook(admin, { team: t.slug, url: `${base}/ok/literal`, events: ["rollback"] });
    await createWebhook(admin, { team: t.slug, url: `http://localhost:${port}/ok/named`, events: ["rollback"] });
    env.WEBHOOK_ALLOWED_HOSTS = "";
    const ids = await record(t.id);
    await dispatchWebhookDeliveries(ids);
    const rows = await Promise.all(ids.map(settled));
    const byPath = Object.fromEntries(await Promise.all(rows.map(async (r) => [(await db.webhook.findUniqueOrThrow({ where: { id: r.webhookId } })).url.split("/").pop(), r])));
    expect(byPath.literal).toMatchObject({ status: "FAILED", attempts: 1, responseStatus: null, error: "refused: 127.0.0.1, a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it" });
    // The name is resolved and checked at connect time (the address actually dialled).
    expect(byPath.named).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(byPath.named.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it$/);
    expect(received.filter((r) => ids.includes(String(r.headers["x-modelgate-delivery"])))).toEqual([]);
  });

  it("checks the resolved address, not the name: a public-looking host resolving to 10.0.0.5 is refused", async () => {
    const t = await team();
    env.WEBHOOK_ALLOWED_HOSTS = "";
    await createWebhook(admin, { team: t.slug, url: "https://api.example:1/hooks", events: ["rollback"] });
    const [id] = await record(t.id);
    const err = await deliverWebhook(id, { resolve: async () => [{ address: "10.0.0.5", family: 4 }] }).catch((e) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toBe("refused: api.example resolves to 10.0.0.5, a private address; add it to WEBHOOK_ALLOWED_HOSTS to allow it");
    expect(await delivery(id)).toMatchObject({ status: "FAILED", attempts: 1, error: err.message });
    // Allowlisting the name lets it through to the (here unreachable) address.
    env.WEBHOOK_ALLOWED_HOSTS = "api.example";
    const [id2] = await record(t.id);
    const err2 = await deliverWebhook(id2, { resolve: async () => [{ address: "127.0.0.1", family: 4 }] }).catch((e) => e);
    expect(err2).not.toBeInstanceOf(PermanentDeliveryError);
    expect(await delivery(id2)).toMatchObject({ status: "QUEUED", attempts: 1, error: expect.stringMatching(/^could not deliver \(ECONNREFUSED\)/) });
    await db.webhookDelivery.update({ where: { id: id2 }, data: { status: "CANCELLED" } });
  });

  it("does not follow a redirect, even to an allowlisted address", async () => {
    const t = await team();
    await createWebhook(admin, { team: t.slug, url: `${base}/redirect`, events: ["rollback"] });
    const [id] = await record(t.id);
    await dispatchWebhookDeliveries([id]);
    const row = await settled(id);
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, responseStatus: 302 });
    expect(row.error).toBe(`the receiver answered 302 (a redirect to http://127.0.0.1:${port}/target); redirects are not followed: set the webhook URL to the final address`);
    expect(received.filter((r) => r.path === "/target")).toEqual([]);
  });

  it("gives up on a silent receiver after WEBHOOK_TIMEOUT_MS and keeps only the start of a large error body", async () => {
    const t = await team();
    await createWebhook(admin, { team: t.slug, url: `${base}/hang`, events: ["rollback"] });
    await createWebhook(admin, { team: t.slug, url: `${base}/big`, events: ["rollback"] });
    env.WEBHOOK_TIMEOUT_MS = 300;
    const ids = await record(t.id);
    const started = Date.now();
    const errors = await Promise.all(ids.map((id) => deliverWebhook(id).then(() => null, (e: Error) => e.message)));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(errors).toContain("could not deliver (ETIMEDOUT): no response within 300 ms");
    const big = errors.find((m) => m?.startsWith("the receiver answered 503"))!;
    expect(big).toMatch(/^the receiver answered 503 Service Unavailable: x{300}…$/);
    await db.webhookDelivery.updateMany({ where: { id: { in: ids } }, data: { status: "CANCELLED" } });
  });

  it("cancels a queued delivery of a webhook disabled before it was sent", async () => {
    const t = await team();
    const { webhook } = await createWebhook(admin, { team: t.slug, url: `${base}/ok/late`, events: ["rollback"] });
    const [id] = await record(t.id);
    await updateWebhook(admin, webhook.id, { active: false });
    await dispatchWebhookDeliveries([id]);
    expect(await settled(id)).toMatchObject({ status: "CANCELLED", attempts: 0, error: "not sent: the webhook was disabled" });
  });

  it("stops retrying when the webhook is disabled between attempts", async () => {
    const t = await team();
    const { webhook } = await createWebhook(admin, { team: t.slug, url: `${base}/fail/disabled-later`, events: ["rollback"] });
    const [id] = await record(t.id);
    await getQueue("webhook").add("webhook", { deliveryId: id }, { jobId: jobIdFor(id), attempts: 5, backoff: { type: "fixed", delay: 1_000 } });
    await waitFor(async () => (await delivery(id)).attempts === 1 && (await delivery(id)).status === "QUEUED", "the first failed attempt");
    await updateWebhook(admin, webhook.id, { active: false });
    const row = await settled(id);
    expect(row).toMatchObject({ status: "CANCELLED", attempts: 1, error: "not retried: the webhook was disabled (last error: the receiver answered 500 Internal Server Error: boom: database is down)" });
    expect(received.filter((r) => r.headers["x-modelgate-delivery"] === id)).toHaveLength(1);
  });

  it("re-enqueues a QUEUED delivery whose job Redis lost", async () => {
    const t = await team();
    await createWebhook(admin, { team: t.slug, url: `${base}/ok/lost`, events: ["rollback"] });
    const [id] = await record(t.id);
    expect(await getQueue("webhook").getJob(jobIdFor(id))).toBeUndefined();
    await reconcileWebhookDeliveries(getQueue("webhook"), { olderThanMs: 0 });
    expect(await settled(id)).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
  });

  it("sends version.created from an upload and intake.failed when intake refuses the model", async () => {
    const t = await makeTeamWithRoles();
    teamIds.push(t.team.id);
    await createWebhook(admin, { team: t.team.slug, url: `${base}/ok/versions`, events: ["version.created", "intake.failed"] });
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: "hooked", task: "REGRESSION" });
    const file = await receiveToTemp(createReadStream(path.join(FIXTURES, "truncated.onnx")), 10 * 1024 * 1024);
    const created = await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...file, filename: "truncated.onnx" }, {});
    const bodies = await waitFor(async () => {
      const got = received.filter((r) => r.path === "/ok/versions" && JSON.parse(r.body).team.id === t.team.id).map((r) => JSON.parse(r.body));
      return got.length >= 2 ? got : null;
    }, "version.created and intake.failed", 50_000);
    const byEvent = Object.fromEntries(bodies.map((b) => [b.event, b.data]));
    expect(byEvent["version.created"]).toMatchObject({ model: { id: model.id, name: "hooked" }, version: { id: created.versionId, number: 1, filename: "truncated.onnx" }, uploadedBy: t.ds.email });
    expect(byEvent["intake.failed"]).toMatchObject({ model: { id: model.id }, version: { id: created.versionId, number: 1 }, reason: expect.any(String) });
  });
});

describe("administration", () => {
  it("validates each field with a clear message", async () => {
    const t = await team();
    const bad = await createWebhook(admin, { team: t.slug, url: "ftp://hooks.example.com", events: ["nope"] }).catch((e) => e);
    expect(bad).toBeInstanceOf(ZodError);
    const body = await errorResponse(bad).json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.details).toEqual(expect.arrayContaining([
      { path: "url", message: "url must start with http:// or https:// (got ftp:)" },
      { path: "events.0", message: expect.stringMatching(/^each event must be one of: version\.created, intake\.failed/) },
    ]));
    const none = await createWebhook(admin, { team: t.slug, url: "https://hooks.example.com", events: [] }).catch((e) => e);
    expect(none.issues[0]).toMatchObject({ path: ["events"], message: "choose at least one event" });
    // An address in the URL is checked when saved; a name is checked at each delivery.
    env.WEBHOOK_ALLOWED_HOSTS = "";
    const literal = await createWebhook(admin, { team: t.slug, url: "http://169.254.169.254/latest", events: ["rollback"] }).catch((e) => e);
    expect(isAppError(literal) && literal.code).toBe("invalid_input");
    expect(literal.details).toEqual([{ path: "url", message: "refused: 169.254.169.254, a link-local address; add it to WEBHOOK_ALLOWED_HOSTS to allow it" }]);
    const missing = await createWebhook(admin, { team: "no-such-team", url: "https://hooks.example.com", events: ["rollback"] }).catch((e) => e);
    expect(missing.code).toBe("not_found");
    const patch = await updateWebhook(admin, "x", { secret: "mine" }).catch((e) => e);
    expect(patch.issues[0].message).toBe("only active, events and url can be changed (got secret)");
  });

  it("audits create, update and delete, and never shows the secret again", async () => {
    const t = await team();
    const { webhook, secret } = await createWebhook(admin, { team: t.slug, url: `${base}/ok/audit`, events: ["version.created", "rollback", "version.created"] });
    expect(webhook.events).toEqual(["version.created", "rollback"]);
    expect(secret).toMatch(/^whsec_/);
    const listed = await listWebhooks(admin, { team: t.slug });
    expect(listed.map((w) => w.id)).toEqual([webhook.id]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const updated = await updateWebhook(admin, webhook.id, { active: false, events: ["stage.changed"] });
    expect(updated).toMatchObject({ active: false, events: ["stage.changed"] });
    await deleteWebhook(admin, webhook.id);
    const audit = await db.auditEvent.findMany({ where: { subjectType: "webhook", subjectId: webhook.id }, orderBy: { seq: "asc" }, select: { action: true, teamId: true, before: true, after: true } });
    expect(audit).toEqual([
      { action: "webhook.created", teamId: t.id, before: null, after: { url: `${base}/ok/audit`, events: ["version.created", "rollback"], active: true } },
      { action: "webhook.updated", teamId: t.id, before: { active: true, events: ["version.created", "rollback"] }, after: { active: false, events: ["stage.changed"] } },
      { action: "webhook.deleted", teamId: t.id, before: { url: `${base}/ok/audit`, events: ["stage.changed"], active: false }, after: null },
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("is for administrators signed in, never for API tokens or other users", async () => {
    const t = await makeTeamWithRoles();
    teamIds.push(t.team.id);
    const adminUser = await makeUser({ isAdmin: true, teamId: t.team.id, role: "APPROVER" });
    const adminToken = await tokenFor(await actorFor(adminUser.id), t.team.slug);
    const userToken = await tokenFor(t.approver.actor, t.team.slug);
    for (const token of [adminToken, userToken]) {
      const list = await call(webhooksRoute.GET, { token, url: "/api/v1/webhooks" });
      expect(list.status).toBe(403);
      expect(list.data.error.message).toBe("Administrators only");
      const create = await call(webhooksRoute.POST, { token, json: { team: t.team.slug, url: "https://hooks.example.com", events: ["rollback"] } });
      expect(create.status).toBe(403);
      expect((await call(webhookRoute.DELETE, { token, method: "DELETE", params: { id: "any" } })).status).toBe(403);
    }
    expect((await call(webhooksRoute.GET, { url: "/api/v1/webhooks" })).status).toBe(401);
    await expect(listWebhooks(t.approver.actor)).rejects.toThrow("Administrators only");
  });
});
