import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as servingRoute from "@/app/api/v1/models/[id]/serving/route";
import { db } from "@/lib/db";
import { createRedis } from "@/lib/queue/redis";
import { parseServingChange, servingChannel, type TServingChange } from "@/lib/serving/serving-events";
import { call, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles } from "@/test/helpers/factories";
import { makeServedModel } from "@/test/helpers/serving-fixtures";

// Serving settings through the route handlers with real tokens, PostgreSQL and Redis pub/sub.
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let other: Awaited<ReturnType<typeof makeTeamWithRoles>>;
const tokens = { ds: "", a: "", exec: "", otherA: "" };
const subscriber = createRedis("producer");
const published: TServingChange[] = [];

beforeAll(async () => {
  [t, other] = await Promise.all([makeTeamWithRoles(), makeTeamWithRoles()]);
  tokens.ds = await tokenFor(t.ds.actor, t.team.slug);
  tokens.a = await tokenFor(t.approver.actor, t.team.slug);
  tokens.exec = await tokenFor(t.exec.actor, t.team.slug);
  tokens.otherA = await tokenFor(other.approver.actor, other.team.slug);
  subscriber.on("message", (_channel, message) => {
    const change = parseServingChange(message);
    if (change) published.push(change);
  });
  await subscriber.subscribe(servingChannel());
});

afterAll(async () => {
  await subscriber.quit();
});

const get = (id: string, token = tokens.a) => call(servingRoute.GET, { token, params: { id } });
const put = (id: string, json: unknown, token = tokens.a) => call(servingRoute.PUT, { url: `/api/v1/models/${id}/serving`, method: "PUT", token, params: { id }, json });
async function publishedFor(modelId: string): Promise<TServingChange[]> {
  // Pub/sub delivery is asynchronous; give it a moment.
  for (let i = 0; i < 50 && !published.some((p) => p.modelId === modelId); i++) await new Promise((r) => setTimeout(r, 20));
  return published.filter((p) => p.modelId === modelId);
}

describe("serving settings", () => {
  it("shows the defaults, then saves sampling, retention and a shadow challenger with an audit event and a serving change", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }, { stage: "STAGING" }] });
    const initial = await get(model.id, tokens.ds);
    expect(initial.status).toBe(200);
    expect(initial.data).toMatchObject({
      isDefault: true, sampleRate: 1, retentionDays: 30, challenger: null, canEdit: false,
      champion: { id: versions[0].id, number: 1 }, candidates: [{ id: versions[1].id, number: 2 }],
    });
    expect(initial.data.endpoint.production).toMatch(new RegExp(`/v1/models/${t.team.slug}/${model.name}/predict$`));
    expect(initial.data.endpoint.staging).toMatch(/\/predict\?stage=staging$/);
    expect(initial.data.endpoint.exampleRow).toEqual({ age: 0, income: 0, plan: "value" });
    expect((await get(model.id)).data.canEdit).toBe(true);

    const saved = await put(model.id, { sampleRate: 0.25, retentionDays: 14, challenger: { versionId: versions[1].id, mode: "SHADOW" } });
    expect(saved.status).toBe(200);
    expect(saved.data.changed).toBe(true);
    expect(saved.data.serving).toMatchObject({
      isDefault: false, sampleRate: 0.25, retentionDays: 14,
      challenger: { versionId: versions[1].id, number: 2, stage: "STAGING", mode: "SHADOW", canaryShare: 0.1, active: true },
      updatedBy: t.approver.email.split("@")[0],
    });
    const events = await db.auditEvent.findMany({ where: { subjectId: model.id, action: "serving.configured" } });
    expect(events).toHaveLength(1);
    expect(events[0].before).toEqual({ sampleRate: 1, retentionDays: 30, challenger: null, default: true });
    expect(events[0].after).toEqual({ sampleRate: 0.25, retentionDays: 14, challenger: { versionId: versions[1].id, number: 2, mode: "SHADOW", canaryShare: 0.1 }, model: model.name });
    expect(await publishedFor(model.id)).toEqual([{ modelId: model.id, reason: "serving.configured" }]);

    // The same configuration again writes nothing: no second event, no second announcement.
    const again = await put(model.id, { sampleRate: 0.25, retentionDays: 14, challenger: { versionId: versions[1].id, mode: "SHADOW" } });
    expect(again.data.changed).toBe(false);
    expect(await db.auditEvent.count({ where: { subjectId: model.id, action: "serving.configured" } })).toBe(1);

    // Canary at 20 %, then no challenger: before/after follow each change.
    expect((await put(model.id, { sampleRate: 0.25, retentionDays: 14, challenger: { versionId: versions[1].id, mode: "CANARY", canaryShare: 0.2 } })).data.serving.challenger).toMatchObject({ mode: "CANARY", canaryShare: 0.2 });
    const removed = await put(model.id, { sampleRate: 0.25, retentionDays: 14, challenger: null });
    expect(removed.data.serving.challenger).toBeNull();
    // The share is remembered for the next canary.
    expect(removed.data.serving.canaryShare).toBe(0.2);
    const last = await db.auditEvent.findFirstOrThrow({ where: { subjectId: model.id, action: "serving.configured" }, orderBy: { seq: "desc" } });
    expect(last.before).toMatchObject({ challenger: { mode: "CANARY", canaryShare: 0.2 } });
    expect(last.after).toMatchObject({ challenger: null });
    expect((await publishedFor(model.id)).length).toBe(3);
  });

  it("refuses bad values with the field named, and changes nothing", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }, { stage: "STAGING" }, { stage: "DEVELOPMENT" }, { stage: "ARCHIVED" }] });
    const elsewhere = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "STAGING" }] });
    const ok = { sampleRate: 0.5, retentionDays: 30, challenger: null };
    const cases: [unknown, string, RegExp][] = [
      [{ ...ok, sampleRate: 1.5 }, "sampleRate", /sampleRate must be at most 1/],
      [{ ...ok, sampleRate: -0.1 }, "sampleRate", /sampleRate must be at least 0/],
      [{ ...ok, sampleRate: "half" }, "sampleRate", /sampleRate must be a number between 0 and 1/],
      [{ retentionDays: 30, challenger: null }, "sampleRate", /sampleRate is required/],
      [{ ...ok, retentionDays: 0 }, "retentionDays", /at least 1 day/],
      [{ ...ok, retentionDays: 2.5 }, "retentionDays", /whole number of days/],
      [{ sampleRate: 0.5, retentionDays: 30 }, "challenger", /challenger is required/],
      [{ ...ok, extra: 1 }, "", /Unrecognized key/],
      [{ ...ok, challenger: { versionId: versions[1].id, mode: "CANARY" } }, "challenger.canaryShare", /required in CANARY mode/],
      [{ ...ok, challenger: { versionId: versions[1].id, mode: "CANARY", canaryShare: 0 } }, "challenger.canaryShare", /more than 0/],
      [{ ...ok, challenger: { versionId: versions[1].id, mode: "CANARY", canaryShare: 1.2 } }, "challenger.canaryShare", /at most 1/],
      [{ ...ok, challenger: { versionId: versions[1].id, mode: "AB" } }, "challenger.mode", /SHADOW .* or CANARY/],
      [{ ...ok, challenger: { versionId: versions[2].id, mode: "SHADOW" } }, "challenger.versionId", /v3 is development; a challenger must be a staging version/],
      [{ ...ok, challenger: { versionId: versions[3].id, mode: "SHADOW" } }, "challenger.versionId", /v4 is archived/],
      [{ ...ok, challenger: { versionId: versions[0].id, mode: "SHADOW" } }, "challenger.versionId", /v1 is production/],
      [{ ...ok, challenger: { versionId: elsewhere.versions[0].id, mode: "SHADOW" } }, "challenger.versionId", /is not a version of/],
      [{ ...ok, challenger: { versionId: "nope", mode: "SHADOW" } }, "challenger.versionId", /'nope' is not a version of/],
    ];
    for (const [body, path, message] of cases) {
      const res = await put(model.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.data.error.message, JSON.stringify(body)).toMatch(message);
      if (path) expect(res.data.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path);
    }
    const notJson = await call(servingRoute.PUT, { method: "PUT", token: tokens.a, params: { id: model.id }, body: "sampleRate=1", headers: { "content-type": "text/plain" } });
    expect(notJson.status).toBe(415);
    expect(await db.servingConfig.count({ where: { modelId: model.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { subjectId: model.id, action: "serving.configured" } })).toBe(0);
  });

  it("refuses a challenger that did not pass intake, and one with no champion to challenge", async () => {
    const failed = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }, { stage: "STAGING", intakeStatus: "FAILED" }] });
    const res = await put(failed.model.id, { sampleRate: 1, retentionDays: 30, challenger: { versionId: failed.versions[1].id, mode: "SHADOW" } });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(/v2 has not passed intake/);

    const lonely = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "STAGING" }] });
    const conflict = await put(lonely.model.id, { sampleRate: 1, retentionDays: 30, challenger: { versionId: lonely.versions[0].id, mode: "SHADOW" } });
    expect(conflict.status).toBe(409);
    expect(conflict.data.error.message).toMatch(/has no production version/);
    // Sampling and retention alone are fine without a production version.
    expect((await put(lonely.model.id, { sampleRate: 0.1, retentionDays: 7, challenger: null })).status).toBe(200);
  });

  it("shows a challenger that has left staging as inactive", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }, { stage: "STAGING" }] });
    expect((await put(model.id, { sampleRate: 1, retentionDays: 30, challenger: { versionId: versions[1].id, mode: "SHADOW" } })).status).toBe(200);
    await db.modelVersion.update({ where: { id: versions[1].id }, data: { stage: "ARCHIVED" } });
    const res = await get(model.id);
    expect(res.data.challenger).toMatchObject({ number: 2, stage: "ARCHIVED", active: false });
    expect(res.data.candidates).toEqual([]);
  });

  it("lets approvers change it: data scientists and executives get 403, another team 404, no token 401", async () => {
    const { model } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }] });
    const body = { sampleRate: 0.5, retentionDays: 10, challenger: null };
    const ds = await put(model.id, body, tokens.ds);
    expect(ds.status).toBe(403);
    expect(ds.data.error.message).toMatch(/does not allow changing how the model is served/);
    expect((await put(model.id, body, tokens.exec)).status).toBe(403);
    expect((await put(model.id, body, tokens.otherA)).status).toBe(404);
    expect((await get(model.id, tokens.otherA)).status).toBe(404);
    expect((await get(model.id, tokens.exec)).status).toBe(200);
    expect((await call(servingRoute.GET, { params: { id: model.id } })).status).toBe(401);
    expect((await get("no-such-model")).status).toBe(404);
    expect(await db.servingConfig.count({ where: { modelId: model.id } })).toBe(0);
    // The refusals are on the record.
    expect(await db.auditEvent.count({ where: { action: "access.denied", subjectId: `PUT /api/v1/models/${model.id}/serving` } })).toBe(3);
    expect((await put(model.id, body)).status).toBe(200);
  });
});
