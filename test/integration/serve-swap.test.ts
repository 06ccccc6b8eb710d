import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { buildLogisticClassifier } from "@/lib/onnx/build/logistic-classifier";
import { publishServingChange } from "@/lib/serving/serving-events";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { startServe, type TServe } from "@/serve/start-serve";
import { makeTeamWithRoles } from "@/test/helpers/factories";
import { makeToken, post, setStages, uploadModel, waitFor } from "@/test/helpers/serve-setup";

// Stage changes under load: every response comes whole from one version, and once the change is
// in, new requests get the new version. Two versions with the same features and opposite weights,
// so any score tells which version computed it.
const FEATURES = ["x1", "x2", "x3"];
const W = [1.5, -0.7, 0.3];
const B = 0.2;
const ROWS = [{ x1: 0.5, x2: 1, x3: -2 }, { x1: -1, x2: 0.25, x3: 3 }];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const expected = (sign: 1 | -1) => ROWS.map((r) => sigmoid(sign * (B + W[0] * r.x1 + W[1] * r.x2 + W[2] * r.x3)));
const EXPECTED: Record<number, number[]> = { 1: expected(1), 2: expected(-1) };

let workers: TWorkers;
let serve: TServe;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let model: { id: string; name: string; versionIds: string[] };
let token: string;

const version = (sign: 1 | -1) => ({
  bytes: buildLogisticClassifier({ coefficients: W.map((w) => sign * w), intercept: sign * B, featureNames: FEATURES, classLabels: [0, 1], zipmap: true, style: "ml-linear" }),
  metadata: { features: FEATURES, labelClasses: ["0", "1"], positiveClass: "1" },
});

beforeAll(async () => {
  t = await makeTeamWithRoles();
  workers = await startWorkers();
  model = await uploadModel(t.ds.actor, { id: t.team.id, slug: t.team.slug }, "BINARY", [version(1), version(-1)]);
  await setStages({ [model.versionIds[0]]: "PRODUCTION" });
  token = await makeToken(t.ds.actor, t.team.slug, ["predict"]);
  // The timer is slow here: the first swap must travel by pub/sub.
  serve = await startServe({ port: 0, host: "127.0.0.1", refreshMs: 60_000 });
}, 120_000);

afterAll(async () => {
  await serve?.close();
  await workers?.close();
});

type TOutcome = { startedAt: number; endedAt: number; status: number; header: string | null; number: number | null; scores: number[] };

async function predictOnce(): Promise<TOutcome> {
  const startedAt = performance.now();
  const res = await post(`${serve.url}/v1/models/${t.team.slug}/${model.name}/predict`, { token, body: { rows: ROWS } });
  return {
    startedAt, endedAt: performance.now(), status: res.status, header: res.headers.get("x-modelgate-version"),
    number: res.json?.version?.number ?? null, scores: (res.json?.predictions ?? []).map((p: { score: number }) => p.score),
  };
}

function checkWhole(o: TOutcome) {
  expect(o.status).toBe(200);
  expect(o.header).toBe(String(o.number));
  // Both rows of the response were scored by the version it names.
  o.scores.forEach((s, i) => expect(s).toBeCloseTo(EXPECTED[o.number!][i], 5));
}

describe("stage changes while predictions stream", () => {
  it("2,000 requests in flight across a promotion: all 200, each whole from one version, v2 after the swap", async () => {
    expect((await predictOnce()).number).toBe(1);
    const outcomes: TOutcome[] = [];
    let sent = 0;
    let swappedAt = Infinity;
    const TOTAL = 2_000;
    const client = async () => {
      while (sent < TOTAL) {
        sent++;
        if (sent === 600) {
          // The promotion's effect, as lib/promotions commits it, then the message it publishes.
          void setStages({ [model.versionIds[0]]: "ARCHIVED", [model.versionIds[1]]: "PRODUCTION" })
            .then(() => publishServingChange({ modelId: model.id, reason: "stage.changed" }))
            .then(() => (swappedAt = performance.now()));
        }
        outcomes.push(await predictOnce());
      }
    };
    await Promise.all(Array.from({ length: 24 }, client));
    expect(outcomes).toHaveLength(TOTAL);
    for (const o of outcomes) checkWhole(o);
    const v1 = outcomes.filter((o) => o.number === 1);
    const v2 = outcomes.filter((o) => o.number === 2);
    expect(v1.length).toBeGreaterThan(500);
    expect(v2.length).toBeGreaterThan(500);
    // No way back: a request that started after some v2 answer arrived is answered by v2.
    const firstV2 = Math.min(...v2.map((o) => o.endedAt));
    expect(outcomes.filter((o) => o.startedAt > firstV2 && o.number === 1)).toHaveLength(0);
    expect(firstV2).toBeLessThan(swappedAt + 2_000);
    // After the swap, v1's session is released: only v2 stays loaded.
    await waitFor(async () => serve.stats().sessions === 1 || null, "v1's session to be released", 5_000);
    expect((await predictOnce()).number).toBe(2);
  }, 120_000);

  it("without a pub/sub message, the refresh timer's check finds the change", async () => {
    await setStages({ [model.versionIds[1]]: "ARCHIVED", [model.versionIds[0]]: "PRODUCTION" });
    // No publish: the message was "lost". The timer (here run by hand) compares with the database.
    expect((await predictOnce()).number).toBe(2);
    await serve.refresh();
    const after = await predictOnce();
    checkWhole(after);
    expect(after.number).toBe(1);
  });

  it("shuts down gracefully: a request in flight is answered and logged, new connections are refused", async () => {
    const own = await startServe({ port: 0, host: "127.0.0.1" });
    const path = `/v1/models/${t.team.slug}/${model.name}/predict`;
    expect((await post(`${own.url}${path}`, { token, body: { rows: ROWS } })).status).toBe(200);
    // A request whose body is still arriving when the shutdown starts.
    const body = JSON.stringify({ rows: ROWS });
    let finish: () => void = () => undefined;
    const slow = new Promise<{ status: number; json: { predictions: { id: string }[] } }>((resolve, reject) => {
      const req = http.request(`${own.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      });
      req.on("error", reject);
      req.write(body.slice(0, 10));
      finish = () => req.end(body.slice(10));
    });
    await waitFor(async () => own.stats().inflight === 1 || null, "the slow request to reach serve", 5_000);
    let closedAt = 0;
    const closed = own.close().then(() => (closedAt = performance.now()));
    await new Promise((r) => setTimeout(r, 100));
    expect(closedAt).toBe(0);
    expect((await fetch(`${own.url}/readyz`).catch(() => null))?.status ?? "refused").toBe("refused");
    finish();
    const answered = await slow;
    await closed;
    expect(answered.status).toBe(200);
    const ids = answered.json.predictions.map((p) => p.id);
    // The buffered logs were written before close() resolved.
    expect(await db.predictionLog.count({ where: { id: { in: ids } } })).toBe(ids.length);
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
  });
});
