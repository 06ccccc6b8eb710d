import { beforeAll, describe, expect, it } from "vitest";
import * as compareRoute from "@/app/api/v1/models/[id]/serving/compare/route";
import { db } from "@/lib/db";
import { compareLive } from "@/lib/serving/compare-live";
import { call, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles } from "@/test/helpers/factories";
import { insertPredictions, makeServedModel } from "@/test/helpers/serving-fixtures";

// Live champion/challenger numbers on hand-inserted prediction logs; the expected values are worked
// out by hand next to each assertion.
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let other: Awaited<ReturnType<typeof makeTeamWithRoles>>;
const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

beforeAll(async () => {
  [t, other] = await Promise.all([makeTeamWithRoles(), makeTeamWithRoles()]);
});

describe("live comparison", () => {
  it("a binary champion and its shadow challenger: counts, mean score, labels, latency, accuracy and agreement", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }, { stage: "STAGING" }] });
    const [v1, v2] = versions.map((v) => v.id);
    const champion = await insertPredictions(model.id, [
      { versionId: v1, output: { label: "1", score: 0.9 }, latencyMs: 1, createdAt: minutesAgo(50) },
      { versionId: v1, output: { label: "1", score: 0.7 }, latencyMs: 2, createdAt: minutesAgo(40) },
      { versionId: v1, output: { label: "0", score: 0.2 }, latencyMs: 3, createdAt: minutesAgo(30) },
      { versionId: v1, output: { label: "0", score: 0.4 }, latencyMs: 10, createdAt: minutesAgo(1) },
      // Outside the 1 h window: ignored.
      { versionId: v1, output: { label: "1", score: 1 }, latencyMs: 500, createdAt: minutesAgo(61) },
    ]);
    await insertPredictions(model.id, [
      { versionId: v2, role: "CHALLENGER", served: false, shadowOfId: champion[0], output: { label: "1", score: 0.8 }, latencyMs: 4, createdAt: minutesAgo(50) },
      { versionId: v2, role: "CHALLENGER", served: false, shadowOfId: champion[1], output: { label: "0", score: 0.45 }, latencyMs: 6, createdAt: minutesAgo(40) },
      { versionId: v2, role: "CHALLENGER", served: false, shadowOfId: champion[2], output: { label: "0", score: 0.1 }, latencyMs: 8, createdAt: minutesAgo(30) },
    ]);
    // Ground truth arrives for the ids clients saw: the champion's. Row 3 has none.
    await db.feedback.createMany({ data: [{ predictionId: champion[0], actual: "1" }, { predictionId: champion[1], actual: "0" }, { predictionId: champion[3], actual: "0" }] });

    const live = await compareLive(t.exec.actor, model.id, { window: "1h", now });
    expect(live.window).toBe("1h");
    const [c, h] = live.versions;
    expect(c).toMatchObject({ versionId: v1, number: 1, role: "CHAMPION", requests: 4, served: 4, withFeedback: 3, mae: null, meanValue: null });
    // (0.9 + 0.7 + 0.2 + 0.4) / 4 = 0.55
    expect(c.meanScore).toBeCloseTo(0.55, 12);
    expect(c.labels).toEqual([{ label: "0", count: 2, share: 0.5 }, { label: "1", count: 2, share: 0.5 }]);
    // Latencies 1, 2, 3, 10 (linear interpolation, as percentile_cont): p50 = (2 + 3) / 2 = 2.5;
    // p95 at rank 0.95 × 3 = 2.85 → 3 + 0.85 × (10 − 3) = 8.95.
    expect(c.latencyMs.p50).toBeCloseTo(2.5, 12);
    expect(c.latencyMs.p95).toBeCloseTo(8.95, 12);
    // Rows 1 (1 = 1), 2 (1 ≠ 0), 4 (0 = 0): 2 of 3 right.
    expect(c.accuracy).toBeCloseTo(2 / 3, 12);

    expect(h).toMatchObject({ versionId: v2, number: 2, role: "CHALLENGER", requests: 3, served: 0 });
    // (0.8 + 0.45 + 0.1) / 3 = 0.45
    expect(h.meanScore).toBeCloseTo(0.45, 12);
    expect(h.labels).toEqual([{ label: "0", count: 2, share: 2 / 3 }, { label: "1", count: 1, share: 1 / 3 }]);
    // Latencies 4, 6, 8: p50 = 6; p95 at rank 0.95 × 2 = 1.9 → 6 + 0.9 × 2 = 7.8.
    expect(h.latencyMs.p50).toBeCloseTo(6, 12);
    expect(h.latencyMs.p95).toBeCloseTo(7.8, 12);
    // The champion's ground truth scores the paired shadow rows: rows 1 (1 = 1) and 2 (0 = 0): 2 of 2.
    expect(h.withFeedback).toBe(2);
    expect(h.accuracy).toBe(1);

    expect(live.agreement).toHaveLength(1);
    const a = live.agreement[0];
    expect(a).toMatchObject({ champion: { versionId: v1, number: 1 }, challenger: { versionId: v2, number: 2 }, pairs: 3, meanAbsValueDiff: null });
    // Same label on rows 1 (1, 1) and 3 (0, 0), not on 2 (1, 0): 2/3.
    expect(a.labelAgreement).toBeCloseTo(2 / 3, 12);
    // |0.9 − 0.8| + |0.7 − 0.45| + |0.2 − 0.1| = 0.1 + 0.25 + 0.1 = 0.45, / 3 = 0.15.
    expect(a.meanAbsScoreDiff).toBeCloseTo(0.15, 12);

    // 30 buckets of 2 minutes over the hour; the 61-minute-old row is not in any.
    expect(live.series.bucketMs).toBe(120_000);
    expect(live.series.points).toHaveLength(30);
    expect(live.series.points.reduce((s, p) => s + p.champion, 0)).toBe(4);
    expect(live.series.points.reduce((s, p) => s + p.challenger, 0)).toBe(3);
    // The row 1 minute ago is in the last bucket, the rows 50 minutes ago in bucket (60 − 50) / 2 = 5.
    expect(live.series.points[29]).toMatchObject({ champion: 1, championLatencyMs: 10 });
    expect(live.series.points[5]).toMatchObject({ champion: 1, challenger: 1, championLatencyMs: 1, challengerLatencyMs: 4 });

    // A 2-minute window holds only the latest champion row.
    const short = await compareLive(t.exec.actor, model.id, { window: "2m", now });
    expect(short.versions.map((v) => [v.role, v.requests])).toEqual([["CHAMPION", 1]]);
    expect(short.agreement).toEqual([]);
  });

  it("a regressor: mean value, MAE per version and the mean distance between the two", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { task: "REGRESSION", versions: [{ stage: "PRODUCTION" }, { stage: "STAGING" }] });
    const [v1, v2] = versions.map((v) => v.id);
    const [p1, p2] = await insertPredictions(model.id, [
      { versionId: v1, output: { value: 10 }, createdAt: minutesAgo(5) },
      { versionId: v1, output: { value: 20 }, createdAt: minutesAgo(4) },
    ]);
    await insertPredictions(model.id, [
      { versionId: v2, role: "CHALLENGER", served: false, shadowOfId: p1, output: { value: 12 }, createdAt: minutesAgo(5) },
      { versionId: v2, role: "CHALLENGER", served: false, shadowOfId: p2, output: { value: 18 }, createdAt: minutesAgo(4) },
    ]);
    await db.feedback.createMany({ data: [{ predictionId: p1, actual: "11" }, { predictionId: p2, actual: "20" }] });
    const live = await compareLive(t.ds.actor, model.id, { window: "15m", now });
    const [c, h] = live.versions;
    // Champion: (10 + 20) / 2 = 15; MAE (|10 − 11| + |20 − 20|) / 2 = 0.5.
    expect(c).toMatchObject({ role: "CHAMPION", meanValue: 15, mae: 0.5, accuracy: null, meanScore: null, labels: [] });
    // Challenger: (12 + 18) / 2 = 15; MAE (|12 − 11| + |18 − 20|) / 2 = 1.5.
    expect(h).toMatchObject({ role: "CHALLENGER", meanValue: 15, mae: 1.5, accuracy: null });
    // |10 − 12| and |20 − 18|: 2 on average; no labels to agree on.
    expect(live.agreement[0]).toMatchObject({ pairs: 2, labelAgreement: null, meanAbsValueDiff: 2 });
  });

  it("validates the window with a clear 400 and answers 404 to another team", async () => {
    const { model } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }] });
    const token = await tokenFor(t.exec.actor, t.team.slug);
    const get = (q: string, tok = token) => call(compareRoute.GET, { token: tok, params: { id: model.id }, url: `/x${q}` });
    const empty = await get("");
    expect(empty.status).toBe(200);
    expect(empty.data).toMatchObject({ window: "1h", versions: [], agreement: [] });
    for (const bad of ["2w", "0m", "8d", "1.5h", "h", "-1h", "10000m"]) {
      const res = await get(`?window=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.data.error.message).toMatch(/^window must be a duration like 15m, 1h, 24h or 7d/);
      expect(res.data.error.details).toEqual([{ path: "window", message: "a duration from 1m to 7d, like 15m, 1h or 7d" }]);
    }
    expect((await get("?window=7d")).status).toBe(200);
    expect((await get("?window=90m")).data.window).toBe("90m");
    expect((await get("", await tokenFor(other.ds.actor, other.team.slug))).status).toBe(404);
  });
});
