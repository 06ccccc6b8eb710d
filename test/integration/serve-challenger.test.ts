import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { ChallengerMode } from "@/lib/generated/prisma/enums";
import { buildLogisticClassifier } from "@/lib/onnx/build/logistic-classifier";
import { createRng } from "@/lib/onnx/demo/prng";
import { publishServingChange } from "@/lib/serving/serving-events";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { startServe, type TServe } from "@/serve/start-serve";
import { makeTeamWithRoles } from "@/test/helpers/factories";
import { makeToken, post, setStages, uploadModel } from "@/test/helpers/serve-setup";

// Champion/challenger on real services: v1 in production, v2 (opposite weights, same features) in
// staging as the challenger, v3 (other features) to show a mismatched challenger never fails a call.
const FEATURES = ["x1", "x2", "x3"];
const W = [1.5, -0.7, 0.3];
const ROWS = [{ x1: 0.5, x2: 1, x3: -2 }, { x1: -1, x2: 0.25, x3: 3 }];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const expectedScore = (sign: 1 | -1, i: number) => sigmoid(sign * (W[0] * ROWS[i].x1 + W[1] * ROWS[i].x2 + W[2] * ROWS[i].x3));

let workers: TWorkers;
let serve: TServe;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let model: { id: string; name: string; versionIds: string[] };
let token: string;

const version = (sign: 1 | -1, features = FEATURES) => ({
  bytes: buildLogisticClassifier({ coefficients: features.map((_, j) => sign * W[j]), intercept: 0, featureNames: features, classLabels: [0, 1], zipmap: true, style: "ml-linear" }),
  metadata: { features, labelClasses: ["0", "1"], positiveClass: "1" },
});

async function configure(config: { mode: ChallengerMode | null; challenger?: string | null; canaryShare?: number; sampleRate?: number }) {
  const data = { challengerMode: config.mode, challengerVersionId: config.challenger ?? null, canaryShare: config.canaryShare ?? 0.1, sampleRate: config.sampleRate ?? 1 };
  await db.servingConfig.upsert({ where: { modelId: model.id }, create: { modelId: model.id, ...data }, update: data });
  await publishServingChange({ modelId: model.id, reason: "serving.configured" });
  // The message is handled asynchronously; the timer's check makes the test deterministic.
  await serve.refresh();
}

const predict = () => post(`${serve.url}/v1/models/${t.team.slug}/${model.name}/predict`, { token, body: { rows: ROWS } });

beforeAll(async () => {
  t = await makeTeamWithRoles();
  workers = await startWorkers();
  model = await uploadModel(t.ds.actor, { id: t.team.id, slug: t.team.slug }, "BINARY", [version(1), version(-1), version(1, ["x1", "x2"])]);
  await setStages({ [model.versionIds[0]]: "PRODUCTION", [model.versionIds[1]]: "STAGING" });
  token = await makeToken(t.ds.actor, t.team.slug, ["predict"]);
  const rng = createRng(7);
  serve = await startServe({ port: 0, host: "127.0.0.1", random: () => rng.next() });
}, 120_000);

afterAll(async () => {
  await serve?.close();
  await workers?.close();
});

describe("shadow", () => {
  it("answers from the champion; the challenger scores a copy off the response path, logged as not served with the same request row id", async () => {
    await configure({ mode: "SHADOW", challenger: model.versionIds[1] });
    const responses = await Promise.all(Array.from({ length: 5 }, predict));
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(r.headers.get("x-modelgate-prediction-role")).toBe("champion");
      expect(r.json.version.number).toBe(1);
      r.json.predictions.forEach((p: { score: number }, i: number) => expect(p.score).toBeCloseTo(expectedScore(1, i), 5));
    }
    await serve.flushLogs();
    const ids: string[] = responses.flatMap((r) => r.json.predictions.map((p: { id: string }) => p.id));
    const logs = await db.predictionLog.findMany({ where: { OR: [{ id: { in: ids } }, { shadowOfId: { in: ids } }] } });
    expect(logs).toHaveLength(20);
    for (const [k, id] of ids.entries()) {
      const pair = logs.filter((l) => l.id === id || l.shadowOfId === id);
      const champion = pair.find((l) => l.role === "CHAMPION")!;
      const challenger = pair.find((l) => l.role === "CHALLENGER")!;
      expect(champion).toMatchObject({ id, versionId: model.versionIds[0], served: true, shadowOfId: null });
      expect(challenger).toMatchObject({ versionId: model.versionIds[1], served: false });
      expect(challenger.id).not.toBe(id);
      expect(challenger.input).toEqual(champion.input);
      expect((challenger.output as { score: number }).score).toBeCloseTo(expectedScore(-1, k % 2), 5);
    }
  });

  it("logs nothing, champion or challenger, at sample rate 0", async () => {
    await configure({ mode: "SHADOW", challenger: model.versionIds[1], sampleRate: 0 });
    const r = await predict();
    expect(r.status).toBe(200);
    await serve.flushLogs();
    const ids = r.json.predictions.map((p: { id: string }) => p.id);
    expect(await db.predictionLog.count({ where: { OR: [{ id: { in: ids } }, { shadowOfId: { in: ids } }] } })).toBe(0);
  });
});

describe("canary", () => {
  it("a share of 1 sends every production request to the challenger, which says so", async () => {
    await configure({ mode: "CANARY", challenger: model.versionIds[1], canaryShare: 1 });
    const r = await predict();
    expect(r.status).toBe(200);
    expect(r.headers.get("x-modelgate-prediction-role")).toBe("challenger");
    expect(r.headers.get("x-modelgate-version")).toBe("2");
    expect(r.json).toMatchObject({ role: "challenger", version: { number: 2, stage: "STAGING", id: model.versionIds[1] } });
    r.json.predictions.forEach((p: { score: number }, i: number) => expect(p.score).toBeCloseTo(expectedScore(-1, i), 5));
    await serve.flushLogs();
    const logs = await db.predictionLog.findMany({ where: { id: { in: r.json.predictions.map((p: { id: string }) => p.id) } } });
    expect(logs.map((l) => [l.role, l.served, l.versionId])).toEqual([["CHALLENGER", true, model.versionIds[1]], ["CHALLENGER", true, model.versionIds[1]]]);
    // Staging asked for by name is not a canary: it answers as itself.
    const staging = await post(`${serve.url}/v1/models/${t.team.slug}/${model.name}/predict?stage=staging`, { token, body: { rows: ROWS } });
    expect(staging.json.role).toBe("champion");
  });

  it("splits traffic by the share, each response whole from the version it names", async () => {
    await configure({ mode: "CANARY", challenger: model.versionIds[1], canaryShare: 0.3 });
    const responses = await Promise.all(Array.from({ length: 200 }, predict));
    const challenger = responses.filter((r) => r.json.role === "challenger");
    expect(challenger.length).toBeGreaterThan(30);
    expect(challenger.length).toBeLessThan(90);
    for (const r of responses) {
      const sign = r.json.version.number === 2 ? -1 : 1;
      expect(r.json.role).toBe(sign === -1 ? "challenger" : "champion");
      expect(r.headers.get("x-modelgate-version")).toBe(String(r.json.version.number));
      r.json.predictions.forEach((p: { score: number }, i: number) => expect(p.score).toBeCloseTo(expectedScore(sign, i), 5));
    }
  });

  it("a challenger that takes other features never fails a call: the champion answers", async () => {
    await setStages({ [model.versionIds[1]]: "ARCHIVED", [model.versionIds[2]]: "STAGING" });
    await configure({ mode: "CANARY", challenger: model.versionIds[2], canaryShare: 1 });
    const r = await predict();
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ role: "champion", version: { number: 1 } });
  });

  it("a config naming a version that is not in staging is ignored", async () => {
    await configure({ mode: "CANARY", challenger: model.versionIds[1], canaryShare: 1 });
    const r = await predict();
    expect(r.json).toMatchObject({ role: "champion", version: { number: 1 } });
  });
});
