import { beforeAll, describe, expect, it } from "vitest";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as modelRoute from "@/app/api/v1/models/[id]/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as tokenRoute from "@/app/api/v1/tokens/[id]/route";
import * as meRoute from "@/app/api/v1/me/route";
import { db } from "@/lib/db";
import { call, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";

let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let other: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let dsToken: string;
let execToken: string;

beforeAll(async () => {
  t = await makeTeamWithRoles();
  other = await makeTeamWithRoles();
  dsToken = await tokenFor(t.ds.actor, t.team.slug);
  execToken = await tokenFor(t.exec.actor, t.team.slug);
});

const register = (token: string | null, body: unknown) => call(modelsRoute.POST, { url: "/api/v1/models", token, json: body });

describe("registry API", () => {
  it("answers 401 without credentials and with a bad token", async () => {
    expect((await call(modelsRoute.GET, { token: null })).status).toBe(401);
    const bad = await call(modelsRoute.GET, { token: "mg_not-a-real-token" });
    expect(bad.status).toBe(401);
    expect(bad.data.error.code).toBe("unauthenticated");
  });

  it("registers a model, lists it, and finds it by tag and name", async () => {
    const name = uniq("fraud");
    const res = await register(dsToken, { team: t.team.slug, name, task: "BINARY", description: "# Fraud", tags: ["fraud", "payments"] });
    expect(res.status).toBe(201);
    expect(res.data.model.name).toBe(name);
    const byTag = await call(modelsRoute.GET, { url: `/api/v1/models?tag=payments`, token: dsToken });
    expect(byTag.data.models.map((m: { name: string }) => m.name)).toContain(name);
    const byName = await call(modelsRoute.GET, { url: `/api/v1/models?q=${name.slice(0, 10)}`, token: execToken });
    expect(byName.data.models.map((m: { name: string }) => m.name)).toContain(name);
    const audit = await db.auditEvent.findFirst({ where: { subjectId: res.data.model.id, action: "model.registered" } });
    expect(audit?.actorId).toBe(t.ds.id);
  });

  it.each([
    ["../x", /must not contain|must start/],
    ["%2e%2e%2f", /must not contain/],
    ["a/b", /must not contain/],
    ["bad\u0000name", /control characters/],
    ["x".repeat(200), /at most 63/],
    ["Upper", /lowercase/],
    ["", /required/],
  ])("rejects the model name %j with 400 and writes nothing", async (name, message) => {
    const before = await db.registeredModel.count({ where: { teamId: t.team.id } });
    const res = await register(dsToken, { team: t.team.slug, name, task: "BINARY" });
    expect(res.status).toBe(400);
    expect(res.data.error.code).toBe("invalid_input");
    expect(JSON.stringify(res.data.error)).toMatch(message);
    expect(await db.registeredModel.count({ where: { teamId: t.team.id } })).toBe(before);
  });

  it("answers 409 for a duplicate name in one team, and allows it in another", async () => {
    const name = uniq("dup");
    expect((await register(dsToken, { team: t.team.slug, name, task: "REGRESSION" })).status).toBe(201);
    const again = await register(dsToken, { team: t.team.slug, name, task: "REGRESSION" });
    expect(again.status).toBe(409);
    expect(again.data.error.message).toMatch(/already exists/);
    const otherToken = await tokenFor(other.ds.actor, other.team.slug);
    expect((await register(otherToken, { team: other.team.slug, name, task: "REGRESSION" })).status).toBe(201);
  });

  it("refuses an executive with 403 and names the reason", async () => {
    const res = await register(execToken, { team: t.team.slug, name: uniq("exec"), task: "BINARY" });
    expect(res.status).toBe(403);
    expect(res.data.error.message).toMatch(/registering models/);
  });

  it("answers 404 for another team's model and for registering into another team", async () => {
    const otherToken = await tokenFor(other.ds.actor, other.team.slug);
    const created = await register(otherToken, { team: other.team.slug, name: uniq("secret"), task: "BINARY" });
    const res = await call(modelRoute.GET, { token: dsToken, params: { id: created.data.model.id } });
    expect(res.status).toBe(404);
    expect((await register(dsToken, { team: other.team.slug, name: uniq("x"), task: "BINARY" })).status).toBe(404);
    const list = await call(modelsRoute.GET, { token: dsToken });
    expect(list.data.models.some((m: { id: string }) => m.id === created.data.model.id)).toBe(false);
  });

  it("stores a description with <script> as text (rendered inert by the UI)", async () => {
    const description = '<script>alert(1)</script> [x](javascript:alert(1))';
    const res = await register(dsToken, { team: t.team.slug, name: uniq("xss"), task: "BINARY", description });
    expect(res.status).toBe(201);
    const got = await call(modelRoute.GET, { token: dsToken, params: { id: res.data.model.id } });
    expect(got.data.model.description).toBe(description);
  });

  it("rejects a body that is not JSON with a clear error", async () => {
    const res = await call(modelsRoute.POST, { token: dsToken, body: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(/not valid JSON/);
    const wrongType = await call(modelsRoute.POST, { token: dsToken, body: "name=x", headers: { "content-type": "text/plain" } });
    expect(wrongType.status).toBe(415);
  });
});

describe("API tokens", () => {
  it("are hashed at rest, act with the role in one team, and stop working when revoked", async () => {
    const me = await call(meRoute.GET, { token: execToken });
    expect(me.status).toBe(200);
    expect(me.data.teams).toHaveLength(1);
    expect(me.data.token.role).toBe("EXECUTIVE");
    const stored = await db.apiToken.findMany({ where: { userId: t.exec.id } });
    expect(stored.every((s) => !s.tokenHash.includes(execToken) && s.tokenHash.length === 64)).toBe(true);
    const list = await call(tokensRoute.GET, { token: execToken });
    expect(list.data.tokens[0]).not.toHaveProperty("tokenHash");
    const revoke = await call(tokenRoute.DELETE, { method: "DELETE", token: execToken, params: { id: me.data.token.id } });
    expect(revoke.status).toBe(204);
    expect((await call(meRoute.GET, { token: execToken })).status).toBe(401);
    expect(await db.auditEvent.count({ where: { subjectId: me.data.token.id, action: "token.revoked" } })).toBe(1);
    execToken = await tokenFor(t.exec.actor, t.team.slug);
  });

  it("cannot create other tokens, and lose access when the user is disabled", async () => {
    const res = await call(tokensRoute.POST, { token: dsToken, json: { team: t.team.slug, name: "nested" } });
    expect(res.status).toBe(403);
    const victim = await makeTeamWithRoles();
    const token = await tokenFor(victim.ds.actor, victim.team.slug);
    expect((await call(meRoute.GET, { token })).status).toBe(200);
    await db.user.update({ where: { id: victim.ds.id }, data: { disabledAt: new Date() } });
    expect((await call(meRoute.GET, { token })).status).toBe(401);
  });
});
