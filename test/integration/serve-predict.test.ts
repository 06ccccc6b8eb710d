import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Tensor } from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { buildLogisticClassifier } from "@/lib/onnx/build/logistic-classifier";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { signInternalAuth } from "@/lib/serving/internal-auth";
import { artifactPath } from "@/lib/storage/artifact-store";
import { revokeApiToken } from "@/lib/tokens/revoke-api-token";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { startServe, type TServe } from "@/serve/start-serve";
import { makeTeamWithRoles, makeUser, actorFor } from "@/test/helpers/factories";
import { makeToken, post, setStages, uploadModel, waitFor } from "@/test/helpers/serve-setup";

// serve on real PostgreSQL, Redis and onnxruntime: demo models uploaded and passed through intake by
// the real worker, requests over HTTP to a server started in this process on a free port.
let workers: TWorkers;
let serve: TServe;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let other: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let manifest: TDemoManifest;
const tokens = { predict: "", apiOnly: "", exec: "", other: "" };
const models: Record<"fraud" | "routing" | "demand" | "sigmoid" | "undeployed" | "otherTeam", { id: string; name: string; versionIds: string[] }> = {} as never;
let rows: Record<"fraud" | "fraudV1" | "routing" | "demand", Record<string, number>[]>;

const W = [0.8, -1.2, 0.05];
const B = -0.3;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

async function csvRows(file: string, features: string[], n = 3): Promise<Record<string, number>[]> {
  const [header, ...lines] = (await fs.readFile(file, "utf8")).trim().split("\n");
  const cols = header.split(",");
  return lines.slice(0, n).map((l) => {
    const cells = l.split(",");
    return Object.fromEntries(features.map((f) => [f, Number(cells[cols.indexOf(f)])]));
  });
}

const url = (team: string, model: string, suffix = "predict") => `${serve.url}/v1/models/${team}/${model}/${suffix}`;
const fraudUrl = (suffix?: string) => url(t.team.slug, models.fraud.name, suffix);

beforeAll(async () => {
  [t, other] = await Promise.all([makeTeamWithRoles(), makeTeamWithRoles()]);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-serve-demo-"));
  manifest = await makeDemoModels(dir);
  const demo = (name: string) => manifest.models.find((m) => m.name === name)!;
  const upload = async (name: string) => Promise.all(demo(name).versions.map(async (v) => ({ bytes: new Uint8Array(await fs.readFile(path.join(dir, v.file))), metadata: v.metadata })));
  workers = await startWorkers();
  const sigmoidModel = {
    bytes: buildLogisticClassifier({ coefficients: W, intercept: B, featureNames: ["a", "b", "c"], classLabels: ["no", "yes"], zipmap: false, style: "matmul-sigmoid" }),
    metadata: { features: ["a", "b", "c"], labelClasses: ["no", "yes"], positiveClass: "yes", params: { decision_threshold: 0.3 } },
  };
  const team = { id: t.team.id, slug: t.team.slug };
  const [fraud, routing, demand, sig, undeployed, otherTeam] = await Promise.all([
    upload("card-fraud").then((v) => uploadModel(t.ds.actor, team, "BINARY", v)),
    upload("support-ticket-routing").then((v) => uploadModel(t.ds.actor, team, "MULTICLASS", v)),
    upload("demand-forecast").then((v) => uploadModel(t.ds.actor, team, "REGRESSION", v)),
    uploadModel(t.ds.actor, team, "BINARY", [sigmoidModel]),
    upload("card-fraud").then((v) => uploadModel(t.ds.actor, team, "BINARY", v.slice(0, 1))),
    upload("card-fraud").then((v) => uploadModel(other.ds.actor, { id: other.team.id, slug: other.team.slug }, "BINARY", v.slice(1))),
  ]);
  Object.assign(models, { fraud, routing, demand, sigmoid: sig, undeployed, otherTeam });
  await setStages({ [fraud.versionIds[1]]: "PRODUCTION", [fraud.versionIds[0]]: "STAGING", [routing.versionIds[0]]: "PRODUCTION", [demand.versionIds[0]]: "PRODUCTION", [sig.versionIds[0]]: "PRODUCTION", [otherTeam.versionIds[0]]: "PRODUCTION" });
  rows = {
    fraud: await csvRows(path.join(dir, "card-fraud-evaluation.csv"), demo("card-fraud").versions[1].metadata.features),
    fraudV1: await csvRows(path.join(dir, "card-fraud-evaluation.csv"), demo("card-fraud").versions[0].metadata.features),
    routing: await csvRows(path.join(dir, "support-ticket-routing-evaluation.csv"), demo("support-ticket-routing").versions[0].metadata.features),
    demand: await csvRows(path.join(dir, "demand-forecast-evaluation.csv"), demo("demand-forecast").versions[0].metadata.features),
  };
  await fs.rm(dir, { recursive: true, force: true });
  tokens.predict = await makeToken(t.ds.actor, t.team.slug, ["predict"]);
  tokens.apiOnly = await makeToken(t.ds.actor, t.team.slug, ["api"]);
  tokens.exec = await makeToken(t.exec.actor, t.team.slug, ["api", "predict"]);
  tokens.other = await makeToken(other.ds.actor, other.team.slug, ["predict"]);
  serve = await startServe({ port: 0, host: "127.0.0.1", authCacheMs: 500 });
}, 180_000);

afterAll(async () => {
  await serve?.close();
  await workers?.close();
});

// What onnxruntime itself says for the same rows on the scoring artifact intake stored.
async function direct(versionId: string, input: Record<string, number>[], output: string): Promise<number[]> {
  const v = await db.modelVersion.findUniqueOrThrow({ where: { id: versionId }, select: { storageKey: true, scoringKey: true, signature: true } });
  const ort = await import("onnxruntime-node");
  const session = await ort.InferenceSession.create(artifactPath(v.scoringKey ?? v.storageKey));
  const name = (v.signature as { inputs: { name: string }[] }).inputs[0].name;
  const features = Object.keys(input[0]);
  const data = Float32Array.from(input.flatMap((r) => features.map((f) => r[f])));
  const out = await session.run({ [name]: new ort.Tensor("float32", data, [input.length, features.length]) }, [output]);
  await session.release();
  return Array.from((out[output] as Tensor).data as Float32Array);
}

describe("predictions", () => {
  it("answers with the production version, named in the body and the header, with an id per row", async () => {
    const res = await post(fraudUrl(), { token: tokens.predict, body: { rows: rows.fraud } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-modelgate-version")).toBe("2");
    expect(res.headers.get("x-modelgate-prediction-role")).toBe("champion");
    expect(res.json.model).toEqual({ team: t.team.slug, name: models.fraud.name });
    expect(res.json.version).toEqual({ number: 2, stage: "PRODUCTION", id: models.fraud.versionIds[1] });
    expect(res.json.role).toBe("champion");
    const predictions = res.json.predictions as { id: string; label: string; score: number; probabilities: Record<string, number> }[];
    expect(predictions).toHaveLength(3);
    expect(new Set(predictions.map((p) => p.id)).size).toBe(3);
    const expected = await direct(models.fraud.versionIds[1], rows.fraud, "probabilities");
    predictions.forEach((p, i) => {
      expect(Object.keys(p).sort()).toEqual(["id", "label", "probabilities", "score"]);
      expect(p.score).toBeCloseTo(expected[i * 2 + 1], 6);
      expect(p.probabilities["1"]).toBe(p.score);
      expect(p.probabilities["0"]).toBeCloseTo(expected[i * 2], 6);
      expect(p.label).toBe(p.score >= 0.5 ? "1" : "0");
    });
  });

  it("answers with staging (?stage=staging) or a version by number, each validated against its own features", async () => {
    const staging = await post(fraudUrl("predict?stage=staging"), { token: tokens.predict, body: { rows: rows.fraudV1 } });
    expect(staging.status).toBe(200);
    expect(staging.json.version).toMatchObject({ number: 1, stage: "STAGING" });
    expect(staging.headers.get("x-modelgate-version")).toBe("1");
    const pinned = await post(fraudUrl("versions/1/predict"), { token: tokens.predict, body: { rows: rows.fraudV1 } });
    expect(pinned.json.version).toMatchObject({ number: 1, stage: "STAGING" });
    expect(pinned.json.predictions.map((p: { score: number }) => p.score)).toEqual(staging.json.predictions.map((p: { score: number }) => p.score));
    // v1 takes five features: v2's rows carry three it does not know.
    const wrong = await post(fraudUrl("versions/1/predict"), { token: tokens.predict, body: { rows: rows.fraud.slice(0, 1) } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details.map((d: { path: string }) => d.path)).toEqual(["rows[0].foreign", "rows[0].card_age_days", "rows[0].txn_count_24h"]);
    const missing = await post(fraudUrl("versions/99/predict"), { token: tokens.predict, body: { rows: rows.fraud } });
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe(`Version 99 of ${models.fraud.name} not found`);
  });

  it("reads multiclass probabilities (ZipMap removed at intake) and answers the most probable class", async () => {
    const res = await post(url(t.team.slug, models.routing.name), { token: tokens.predict, body: { rows: rows.routing } });
    expect(res.status).toBe(200);
    for (const p of res.json.predictions as { label: string; probabilities: Record<string, number>; score?: number }[]) {
      expect(Object.keys(p.probabilities)).toEqual(["billing", "technical", "account", "sales"]);
      const values = Object.values(p.probabilities);
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p.probabilities[p.label]).toBe(Math.max(...values));
      expect(p.score).toBeUndefined();
    }
  });

  it("reads regression values", async () => {
    const res = await post(url(t.team.slug, models.demand.name), { token: tokens.predict, body: { rows: rows.demand } });
    expect(res.status).toBe(200);
    const expected = await direct(models.demand.versionIds[0], rows.demand, "variable");
    res.json.predictions.forEach((p: { id: string; value: number }, i: number) => {
      expect(Object.keys(p).sort()).toEqual(["id", "value"]);
      expect(p.value).toBeCloseTo(expected[i], 4);
    });
  });

  it("reads a single sigmoid column and labels at the version's own threshold", async () => {
    const input = [{ a: 0.1, b: 0.2, c: 0.3 }, { a: 0, b: 0, c: 0 }, { a: 2, b: 0, c: 0 }];
    const res = await post(url(t.team.slug, models.sigmoid.name), { token: tokens.predict, body: { rows: input } });
    expect(res.status).toBe(200);
    res.json.predictions.forEach((p: { label: string; score: number; probabilities: Record<string, number> }, i: number) => {
      const expected = sigmoid(B + W[0] * input[i].a + W[1] * input[i].b + W[2] * input[i].c);
      expect(p.score).toBeCloseTo(expected, 6);
      expect(p.probabilities.no).toBeCloseTo(1 - expected, 6);
      expect(p.label).toBe(expected >= 0.3 ? "yes" : "no");
    });
    // sigmoid(-0.3) = 0.43: "yes" at 0.3, where 0.5 would say "no".
    expect(res.json.predictions[1].label).toBe("yes");
  });
});

describe("bad input never reaches onnxruntime", () => {
  const row = () => ({ ...rows.fraud[0] });
  const cases: [string, () => { raw?: string; body?: unknown; headers?: Record<string, string> }, number, RegExp | string, string?][] = [
    ["a missing feature", () => { const r: Record<string, unknown> = row(); delete r.amount; return { body: { rows: [row(), r] } }; }, 400, "rows[1].amount", "missing: the model needs this feature (a number, float32)"],
    ["an unknown feature", () => ({ body: { rows: [{ ...row(), colour: 1 }] } }), 400, "rows[0].colour", "unknown feature 'colour'; the model takes amount, hour, merchant_risk, distance_from_home, online, foreign, card_age_days, txn_count_24h"],
    ["a wrong type", () => ({ body: { rows: [{ ...row(), hour: "ten" }] } }), 400, "rows[0].hour", 'expected a number (float32), got text "ten"'],
    ["a null", () => ({ body: { rows: [{ ...row(), hour: null }] } }), 400, "rows[0].hour", "expected a number (float32), got null"],
    ["NaN (as Python writes it)", () => ({ raw: JSON.stringify({ rows: [row()] }).replace(/"amount":[0-9.]+/, '"amount":NaN') }), 400, "rows[0].amount", "NaN is not a finite number; the model needs a finite float32"],
    ["Infinity (1e999)", () => ({ raw: JSON.stringify({ rows: [row()] }).replace(/"amount":[0-9.]+/, '"amount":1e999') }), 400, "rows[0].amount", "Infinity is not a finite number; the model needs a finite float32"],
    ["no rows", () => ({ body: { rows: [] } }), 400, "rows"],
    ["not an object", () => ({ body: [row()] }), 400, ""],
    ["malformed JSON", () => ({ raw: '{"rows": [{"amount": 1,}' }), 400, ""],
    ["too many rows", () => ({ body: { rows: Array.from({ length: 1001 }, row) } }), 413, "rows", "at most 1,000 rows per request"],
    ["a body over the byte limit", () => ({ raw: JSON.stringify({ rows: [row()], pad: "x".repeat(5 * 1024 * 1024) }) }), 413, ""],
    ["a body that is not JSON", () => ({ raw: "amount=1", headers: { "content-type": "text/plain" } }), 415, ""],
  ];
  it.each(cases)("%s → %i with the field named", async (_what, make, status, where, message) => {
    const res = await post(fraudUrl(), { token: tokens.predict, ...make() });
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe({ 400: "invalid_input", 413: "payload_too_large", 415: "unsupported_media_type" }[status]);
    if (status !== 415) expect(res.json.error.details[0].path).toBe(where);
    if (message) expect(res.json.error.details[0].message).toBe(message);
    expect(res.json.error.message.length).toBeGreaterThan(10);
  });

  it("keeps serving after all of that", async () => {
    expect((await post(fraudUrl(), { token: tokens.predict, body: { rows: rows.fraud } })).status).toBe(200);
  });
});

describe("routes, models and stages", () => {
  it("answers 404 for unknown models, 409 when nothing is in production, 405 for a wrong method", async () => {
    const unknown = await post(url(t.team.slug, "no-such-model"), { token: tokens.predict, body: { rows: rows.fraud } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toEqual({ code: "not_found", message: "Model not found" });
    const undeployed = await post(url(t.team.slug, models.undeployed.name), { token: tokens.predict, body: { rows: rows.fraudV1 } });
    expect(undeployed.status).toBe(409);
    expect(undeployed.json.error.message).toMatch(/has no production version yet: promote one, or ask for \?stage=staging or \/versions\/\{n\}\/predict/);
    expect((await post(url(t.team.slug, models.undeployed.name, "predict?stage=staging"), { token: tokens.predict, body: { rows: rows.fraudV1 } })).json.error.message).toMatch(/has no staging version/);
    // Version 1 exists and passed intake; a development version can be asked for by number.
    expect((await post(url(t.team.slug, models.undeployed.name, "versions/1/predict"), { token: tokens.predict, body: { rows: rows.fraudV1 } })).json.version).toMatchObject({ number: 1, stage: "DEVELOPMENT" });
    const get = await post(fraudUrl(), { token: tokens.predict, method: "GET" });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await post(`${serve.url}/nope`, { token: tokens.predict })).status).toBe(404);
    expect((await post(fraudUrl("predict?stage=canary"), { token: tokens.predict, body: { rows: rows.fraud } })).json.error.details).toEqual([{ path: "stage", message: "stage must be production or staging, not 'canary'" }]);
  });

  it("answers /healthz and /readyz", async () => {
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${serve.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", redis: "ok" } });
  });
});

describe("access", () => {
  it("401 without a valid token, 403 without the predict scope, 404 for another team's model", async () => {
    const none = await post(fraudUrl(), { body: { rows: rows.fraud } });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe("unauthenticated");
    expect((await post(fraudUrl(), { token: "mg_not-a-real-token", body: { rows: rows.fraud } })).status).toBe(401);
    expect((await post(fraudUrl(), { body: { rows: rows.fraud }, headers: { authorization: "Basic abc" } })).json.error.message).toMatch(/Malformed Authorization header/);
    const apiOnly = await post(fraudUrl(), { token: tokens.apiOnly, body: { rows: rows.fraud } });
    expect(apiOnly.status).toBe(403);
    expect(apiOnly.json.error.message).toMatch(/lacks the predict scope/);
    const otherTeam = await post(url(other.team.slug, models.otherTeam.name), { token: tokens.predict, body: { rows: rows.fraud } });
    expect(otherTeam.status).toBe(404);
    expect(otherTeam.json.error).toEqual({ code: "not_found", message: "Model not found" });
    // The other team's own token reaches it; a predict token of any role may predict.
    expect((await post(url(other.team.slug, models.otherTeam.name), { token: tokens.other, body: { rows: rows.fraud } })).status).toBe(200);
    expect((await post(fraudUrl(), { token: tokens.exec, body: { rows: rows.fraud } })).status).toBe(200);
  });

  it("accepts the web process's internal header for users who may run scoring", async () => {
    const internal = (userId: string) => ({ "x-modelgate-internal": signInternalAuth(userId) });
    expect((await post(fraudUrl(), { headers: internal(t.ds.id), body: { rows: rows.fraud } })).status).toBe(200);
    const exec = await post(fraudUrl(), { headers: internal(t.exec.id), body: { rows: rows.fraud } });
    expect(exec.status).toBe(403);
    expect(exec.json.error.message).toMatch(/does not allow running predictions/);
    expect((await post(fraudUrl(), { headers: internal(other.ds.id), body: { rows: rows.fraud } })).status).toBe(404);
    const stale = await post(fraudUrl(), { headers: { "x-modelgate-internal": signInternalAuth(t.ds.id, Date.now() - 120_000) }, body: { rows: rows.fraud } });
    expect(stale.status).toBe(401);
    const forged = signInternalAuth(t.ds.id).replace(/.$/, (c) => (c === "0" ? "1" : "0"));
    expect((await post(fraudUrl(), { headers: { "x-modelgate-internal": forged }, body: { rows: rows.fraud } })).status).toBe(401);
  });

  it("a revoked token stops working within the lookup cache's lifetime", async () => {
    const user = await makeUser({ teamId: t.team.id, role: "DATA_SCIENTIST" });
    const actor = await actorFor(user.id);
    const token = await makeToken(actor, t.team.slug, ["predict"]);
    expect((await post(fraudUrl(), { token, body: { rows: rows.fraud } })).status).toBe(200);
    const row = await db.apiToken.findFirstOrThrow({ where: { userId: user.id } });
    await revokeApiToken(actor, row.id);
    const revokedAt = Date.now();
    const status = await waitFor(async () => {
      const s = (await post(fraudUrl(), { token, body: { rows: rows.fraud } })).status;
      return s === 401 ? s : null;
    }, "the revocation to reach serve", 5_000);
    expect(status).toBe(401);
    // authCacheMs is 500 in this file.
    expect(Date.now() - revokedAt).toBeLessThan(2_000);
  });

  it("limits requests per token per second across the replica with 429 and Retry-After", async () => {
    const token = await makeToken(t.ds.actor, t.team.slug, ["predict"], 3);
    const results = await Promise.all(Array.from({ length: 12 }, () => post(fraudUrl(), { token, body: { rows: rows.fraud.slice(0, 1) } })));
    const limited = results.filter((r) => r.status === 429);
    // One second window admits 3; the burst may straddle two windows.
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(6);
    expect(limited.length).toBeGreaterThanOrEqual(6);
    expect(limited[0].headers.get("retry-after")).toBe("1");
    expect(limited[0].json.error).toEqual({ code: "rate_limited", message: "More than 3 requests per second for this token; retry after 1 s" });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await post(fraudUrl(), { token, body: { rows: rows.fraud.slice(0, 1) } })).status).toBe(200);
  });
});

describe("prediction logs", () => {
  it("logs each prediction with the id the caller got, its input and the output as answered", async () => {
    const res = await post(fraudUrl(), { token: tokens.predict, body: { rows: rows.fraud } });
    await serve.flushLogs();
    const ids = res.json.predictions.map((p: { id: string }) => p.id);
    const logged = await db.predictionLog.findMany({ where: { id: { in: ids } } });
    expect(logged).toHaveLength(3);
    const tokenRow = await db.apiToken.findFirstOrThrow({ where: { userId: t.ds.id, scopes: { equals: ["predict"] }, rateLimitPerSecond: null } });
    for (const [i, p] of (res.json.predictions as { id: string }[]).entries()) {
      const log = logged.find((l) => l.id === p.id)!;
      const { id: _id, ...output } = p;
      expect(log).toMatchObject({ modelId: models.fraud.id, versionId: models.fraud.versionIds[1], role: "CHAMPION", served: true, shadowOfId: null, tokenId: tokenRow.id });
      expect(log.output).toEqual(output);
      expect(log.input).toEqual(rows.fraud[i]);
      expect(log.latencyMs).toBeGreaterThan(0);
    }
  });

  it("logs nothing at sample rate 0", async () => {
    await db.servingConfig.create({ data: { modelId: models.demand.id, sampleRate: 0 } });
    await serve.refresh();
    const res = await post(url(t.team.slug, models.demand.name), { token: tokens.predict, body: { rows: rows.demand } });
    expect(res.status).toBe(200);
    await serve.flushLogs();
    expect(await db.predictionLog.count({ where: { id: { in: res.json.predictions.map((p: { id: string }) => p.id) } } })).toBe(0);
    expect(serve.stats().logs.dropped).toBe(0);
  });
});
