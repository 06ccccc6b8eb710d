import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tryRoute from "@/app/api/v1/versions/[id]/try/route";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { INTERNAL_AUTH_HEADER, verifyInternalAuth } from "@/lib/serving/internal-auth";
import { tryPrediction } from "@/lib/serving/try-prediction";
import { call, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles } from "@/test/helpers/factories";
import { makeServedModel } from "@/test/helpers/serving-fixtures";

// The "try it" route forwards to serve. Serve is another engineer's process; here a small HTTP
// server stands in for it and checks what the web process sends: the path, the body and the signed
// internal header. PostgreSQL is real.
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let stub: http.Server;
let stubUrl: string;
const seen: { url: string; userId: string | null; body: unknown }[] = [];
const originalServeUrl = env.SERVE_URL;

beforeAll(async () => {
  t = await makeTeamWithRoles();
  stub = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { rows: Record<string, unknown>[] };
      const userId = verifyInternalAuth(req.headers[INTERNAL_AUTH_HEADER] as string | undefined);
      seen.push({ url: req.url ?? "", userId, body });
      const send = (status: number, json: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
      if (!userId) return send(401, { error: { code: "unauthenticated", message: "bad internal signature" } });
      const row = body.rows[0];
      if (typeof row.age !== "number") return send(400, { error: { code: "invalid_input", message: "Invalid input: rows[0].age: expected a number", details: [{ path: "rows[0].age", message: "expected a number, got 'abc'" }, { path: "rows[0]", message: "whole row" }] } });
      if (row.age === 429) return res.writeHead(429, { "retry-after": "3", "content-type": "application/json" }).end(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }));
      if (row.age === 500) return res.writeHead(502).end("<html>bad gateway</html>");
      send(200, { model: { team: "x", name: "y" }, version: { number: 2, stage: "STAGING", id: "v" }, predictions: [{ id: "pred_1", label: "1", score: 0.83, probabilities: { "0": 0.17, "1": 0.83 } }] });
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  env.SERVE_URL = stubUrl;
});

afterAll(async () => {
  env.SERVE_URL = originalServeUrl;
  stub?.closeAllConnections();
  await new Promise((r) => stub?.close(r));
});

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { status: e.status, message: e.message, details: e.details };
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("try it", () => {
  it("sends one row to serve for this exact version, signed for the user, and returns serve's answer", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }, { stage: "STAGING" }] });
    const answer = await tryPrediction(t.ds.actor, versions[1].id, { row: { age: 42, income: 51000, plan: "pro" } });
    expect(answer).toMatchObject({ version: { number: 2 }, predictions: [{ id: "pred_1", label: "1", score: 0.83 }] });
    const last = seen[seen.length - 1];
    expect(last).toEqual({ url: `/v1/models/${t.team.slug}/${model.name}/versions/2/predict`, userId: t.ds.id, body: { rows: [{ age: 42, income: 51000, plan: "pro" }] } });
  });

  it("passes serve's errors on, with field paths as row.<feature>", async () => {
    const { versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }] });
    expect(await refusal(tryPrediction(t.ds.actor, versions[0].id, { row: { age: "abc" } }))).toEqual({
      status: 400, message: "Invalid input: rows[0].age: expected a number", details: [{ path: "row.age", message: "expected a number, got 'abc'" }, { path: "row", message: "whole row" }],
    });
    expect(await refusal(tryPrediction(t.ds.actor, versions[0].id, { row: { age: 429 } }))).toMatchObject({ status: 429, message: "slow down" });
    expect(await refusal(tryPrediction(t.ds.actor, versions[0].id, { row: { age: 500 } }))).toMatchObject({ status: 503, message: /answered 502 with something other than JSON/ });
    // Our own body is checked before anything is sent.
    const before = seen.length;
    await expect(tryPrediction(t.ds.actor, versions[0].id, { rows: [{ age: 1 }] })).rejects.toThrow(/row is required: \{ feature: value, … \}/);
    expect(seen.length).toBe(before);
  });

  it("says where serve was expected when it is not running", async () => {
    const { versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }] });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    env.SERVE_URL = url;
    try {
      const down = await refusal(tryPrediction(t.ds.actor, versions[0].id, { row: { age: 1 } }));
      expect(down.status).toBe(503);
      expect(down.message).toBe(`The prediction server is not reachable at ${url}: start it with 'npm run start:serve' (or set SERVE_URL to where it runs)`);
    } finally {
      env.SERVE_URL = stubUrl;
    }
  });

  it("is for signed-in users who may run scoring: executives 403, API tokens 403, versions without intake 409", async () => {
    const { versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }, { stage: "DEVELOPMENT", intakeStatus: "FAILED" }] });
    expect(await refusal(tryPrediction(t.exec.actor, versions[0].id, { row: { age: 1 } }))).toMatchObject({ status: 403, message: /does not allow running batch scoring/ });
    expect(await refusal(tryPrediction(t.ds.actor, versions[1].id, { row: { age: 1 } }))).toMatchObject({ status: 409, message: /v2 has not passed intake/ });
    const other = await makeTeamWithRoles();
    expect(await refusal(tryPrediction(other.approver.actor, versions[0].id, { row: { age: 1 } }))).toMatchObject({ status: 404 });
    const viaToken = await call(tryRoute.POST, { token: await tokenFor(t.ds.actor, t.team.slug), params: { id: versions[0].id }, json: { row: { age: 1 } } });
    expect(viaToken.status).toBe(403);
    expect(viaToken.data.error.message).toMatch(/call serve directly: POST http:\/\/127\.0\.0\.1:\d+\/v1\/models\/.+\/versions\/1\/predict$/);
  });
});
