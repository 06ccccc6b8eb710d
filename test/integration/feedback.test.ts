import { beforeAll, describe, expect, it } from "vitest";
import * as feedbackRoute from "@/app/api/v1/feedback/route";
import * as predictionsRoute from "@/app/api/v1/versions/[id]/predictions/route";
import { db } from "@/lib/db";
import { call, encodeForm, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { insertPredictions, makeServedModel } from "@/test/helpers/serving-fixtures";

// Ground truth through POST /api/v1/feedback (JSON and CSV) on real PostgreSQL; prediction logs are
// inserted as serve writes them.
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let other: Awaited<ReturnType<typeof makeTeamWithRoles>>;
const tokens = { ds: "", a: "", exec: "", otherDs: "" };

beforeAll(async () => {
  [t, other] = await Promise.all([makeTeamWithRoles(), makeTeamWithRoles()]);
  tokens.ds = await tokenFor(t.ds.actor, t.team.slug);
  tokens.a = await tokenFor(t.approver.actor, t.team.slug);
  tokens.exec = await tokenFor(t.exec.actor, t.team.slug);
  tokens.otherDs = await tokenFor(other.ds.actor, other.team.slug);
});

const post = (json: unknown, token = tokens.ds) => call(feedbackRoute.POST, { token, json });
async function postCsv(csv: string, token = tokens.ds) {
  const form = new FormData();
  form.append("file", new Blob([csv], { type: "text/csv" }), "truth.csv");
  const { body, contentType } = await encodeForm(form);
  return call(feedbackRoute.POST, { token, body, headers: { "content-type": contentType } });
}
const stored = async (ids: string[]) => Object.fromEntries((await db.feedback.findMany({ where: { predictionId: { in: ids } } })).map((f) => [f.predictionId, f.actual]));

describe("feedback (JSON)", () => {
  it("creates, then reports the same value as unchanged and a new value as updated, with an audit event per submission", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }] });
    const ids = await insertPredictions(model.id, [0, 1, 2].map(() => ({ versionId: versions[0].id, output: { label: "1", score: 0.9 } })));

    const first = await post({ items: ids.map((predictionId, i) => ({ predictionId, actual: i === 2 ? 0 : "1" })) });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ received: 3, created: 3, updated: 0, unchanged: 0, unknown: [], invalid: [], changes: [] });
    expect(await stored(ids)).toEqual({ [ids[0]]: "1", [ids[1]]: "1", [ids[2]]: "0" });

    // The same values again: nothing changes, nothing is audited.
    const again = await post({ items: ids.map((predictionId, i) => ({ predictionId, actual: i === 2 ? "0" : 1 })) });
    expect(again.data).toMatchObject({ received: 3, created: 0, updated: 0, unchanged: 3 });

    // One value corrected: updated, with the old value reported and audited.
    const fixed = await post({ predictionId: ids[2], actual: "1" });
    expect(fixed.data).toMatchObject({ received: 1, created: 0, updated: 1, unchanged: 0, changes: [{ predictionId: ids[2], from: "0", to: "1" }] });
    expect((await stored([ids[2]]))[ids[2]]).toBe("1");

    const events = await db.auditEvent.findMany({ where: { subjectId: model.id, action: "feedback.recorded" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.after)).toEqual([
      { model: model.name, source: "api", created: 3, updated: 0, unchanged: 0, changes: [] },
      { model: model.name, source: "api", created: 0, updated: 1, unchanged: 0, changes: [{ predictionId: ids[2], from: "0", to: "1" }] },
    ]);
  });

  it("reports unknown ids (including another team's) and invalid values by item, and applies the rest", async () => {
    const bin = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION", labelClasses: ["no", "yes"] }] });
    const reg = await makeServedModel(t.ds.actor, t.team.slug, { task: "REGRESSION", versions: [{ stage: "PRODUCTION" }] });
    const theirs = await makeServedModel(other.ds.actor, other.team.slug, { versions: [{ stage: "PRODUCTION" }] });
    const [b1, b2, b3] = await insertPredictions(bin.model.id, [1, 2, 3].map(() => ({ versionId: bin.versions[0].id, output: { label: "yes", score: 0.7 } })));
    const [r1, r2, r3] = await insertPredictions(reg.model.id, [1, 2, 3].map(() => ({ versionId: reg.versions[0].id, output: { value: 12.5 } })));
    const [foreign] = await insertPredictions(theirs.model.id, [{ versionId: theirs.versions[0].id, output: { label: "1" } }]);
    const missing = `pred_${uniq("missing")}`;

    const res = await post({
      items: [
        { predictionId: b1, actual: "yes" },
        { predictionId: b2, actual: "maybe" },
        { predictionId: missing, actual: "yes" },
        { predictionId: foreign, actual: "1" },
        { predictionId: r1, actual: 13.25 },
        { predictionId: r2, actual: "about twelve" },
        { predictionId: r3, actual: "1e3" },
        { predictionId: b3, actual: "no" },
        { predictionId: b3, actual: "yes" },
        { predictionId: b1, actual: "yes" },
      ],
    });
    expect(res.status).toBe(200);
    // Applied: b1, r1 and r3 ("1e3" is a number, stored as 1000); the second b1 is a repeat.
    expect(res.data).toMatchObject({ received: 10, created: 3, updated: 0, unchanged: 1 });
    expect(res.data.unknown).toEqual([{ item: 2, predictionId: missing }, { item: 3, predictionId: foreign }]);
    expect(res.data.invalid).toEqual([
      { item: 1, predictionId: b2, column: "actual", reason: `'maybe' is not a class of ${bin.model.name} v1: expected one of no, yes` },
      { item: 5, predictionId: r2, column: "actual", reason: `'about twelve' is not a number: ${reg.model.name} v1 is a regressor` },
      { item: 7, predictionId: b3, column: "actual", reason: "the prediction id is given 2 times with different actual values (item 7, item 8)" },
      { item: 8, predictionId: b3, column: "actual", reason: "the prediction id is given 2 times with different actual values (item 7, item 8)" },
    ]);
    expect(await stored([b1, b2, b3, r1, r2, r3, foreign])).toEqual({ [b1]: "yes", [r1]: "13.25", [r3]: "1000" });
  });

  it("refuses roles without feedback.write, and never lets another team touch the predictions", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }] });
    const [id] = await insertPredictions(model.id, [{ versionId: versions[0].id, output: { label: "1" } }]);
    const exec = await post({ predictionId: id, actual: "1" }, tokens.exec);
    expect(exec.status).toBe(403);
    expect(exec.data.error.message).toMatch(/does not allow recording ground truth/);
    const foreign = await post({ predictionId: id, actual: "1" }, tokens.otherDs);
    expect(foreign.status).toBe(200);
    expect(foreign.data).toMatchObject({ created: 0, unknown: [{ item: 0, predictionId: id }] });
    expect(await db.feedback.count({ where: { predictionId: id } })).toBe(0);
    expect((await post({ predictionId: id, actual: "1" }, tokens.a)).data.created).toBe(1);
  });

  it("validates the body with the field named", async () => {
    const cases: [unknown, RegExp, string][] = [
      [{ items: [] }, /items is empty/, "items"],
      [{ items: [{ predictionId: "p" }] }, /actual is required/, "items.0.actual"],
      [{ items: [{ actual: "1" }] }, /predictionId is required/, "items.0.predictionId"],
      [{ items: [{ predictionId: "p", actual: { a: 1 } }] }, /actual must be a string, a number or a boolean/, "items.0.actual"],
      [{ items: "p,1" }, /items must be an array/, "items"],
      [{ items: Array.from({ length: 10_001 }, (_, i) => ({ predictionId: `p${i}`, actual: "1" })) }, /more than 10,000 entries/, "items"],
    ];
    for (const [body, message, path] of cases) {
      const res = await post(body);
      expect(res.status, path).toBe(400);
      expect(res.data.error.message).toMatch(message);
      expect(res.data.error.details[0].path).toBe(path);
    }
    const text = await call(feedbackRoute.POST, { token: tokens.ds, body: "p,1", headers: { "content-type": "text/csv" } });
    expect(text.status).toBe(415);
  });

  it("counts concurrent identical submissions once: the second sees them unchanged", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }] });
    const ids = await insertPredictions(model.id, Array.from({ length: 200 }, () => ({ versionId: versions[0].id, output: { label: "0" } })));
    const body = { items: ids.map((predictionId) => ({ predictionId, actual: "0" })) };
    const [a, b] = await Promise.all([post(body), post(body, tokens.a)]);
    expect(a.data.created + b.data.created).toBe(200);
    expect(a.data.unchanged + b.data.unchanged).toBe(200);
    expect(a.data.unknown.length + b.data.unknown.length).toBe(0);
    expect(await db.feedback.count({ where: { predictionId: { in: ids } } })).toBe(200);
  });
});

describe("feedback (CSV upload)", () => {
  it("applies valid rows and names every problem by row, line and column", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { task: "MULTICLASS", versions: [{ stage: "PRODUCTION" }] });
    const ids = await insertPredictions(model.id, [1, 2, 3, 4].map(() => ({ versionId: versions[0].id, output: { label: "gold" } })));
    const missing = `pred_${uniq("missing")}`;
    // Columns in another order, an extra column, a quoted value spanning two lines.
    const csv = [
      "actual,Prediction_ID,note",
      `gold,${ids[0]},`,
      `platinum,${ids[1]},`,
      `,${ids[2]},empty actual`,
      `silver,,no id`,
      `gold,${missing},`,
      `"silver",${ids[3]},"two`,
      `lines"`,
      "",
    ].join("\n");
    const res = await postCsv(csv);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ file: { name: "truth.csv" }, received: 6, created: 2, updated: 0, unchanged: 0 });
    expect(res.data.unknown).toEqual([{ row: 5, line: 6, predictionId: missing }]);
    expect(res.data.invalid).toEqual([
      { row: 2, line: 3, predictionId: ids[1], column: "actual", reason: `'platinum' is not a class of ${model.name} v1: expected one of bronze, silver, gold` },
      { row: 3, line: 4, predictionId: ids[2], column: "actual", reason: "actual is empty" },
      { row: 4, line: 5, predictionId: "", column: "prediction_id", reason: "prediction_id is empty" },
    ]);
    expect(await stored(ids)).toEqual({ [ids[0]]: "gold", [ids[3]]: "silver" });
    const row = await db.feedback.findUniqueOrThrow({ where: { predictionId: ids[0] } });
    expect(row).toMatchObject({ source: "csv", createdById: t.ds.id });
  });

  it("refuses a file of the wrong shape with a 422 naming where", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }] });
    const [id] = await insertPredictions(model.id, [{ versionId: versions[0].id, output: { label: "1" } }]);
    const cases: [string, RegExp, Record<string, number>][] = [
      ["prediction,label\np1,1\n", /The header has no 'prediction_id' or 'actual' column: expected the columns prediction_id and actual \(found 'prediction', 'label'\)/, { row: 0, line: 1 }],
      [`prediction_id,actual\n${id},1\n${id},1,extra\n`, /Row 2 \(line 3\) has 3 columns; the header has 2/, { row: 2, line: 3 }],
      [`prediction_id,actual\n${id},"1\n`, /quoted value is never closed/, {}],
      ["", /The file is empty/, {}],
      ["prediction_id,actual\n", /has a header but no rows/, {}],
    ];
    for (const [csv, message, where] of cases) {
      const res = await postCsv(csv);
      expect(res.status, csv).toBe(422);
      expect(res.data.error.message, csv).toMatch(message);
      expect(res.data.error.details ?? {}).toMatchObject(where);
    }
    expect(await db.feedback.count({ where: { predictionId: id } })).toBe(0);
    const noFile = await call(feedbackRoute.POST, { token: tokens.ds, ...(await encodeForm(new FormData()).then((f) => ({ body: f.body, headers: { "content-type": f.contentType } }))) });
    expect(noFile.status).toBe(400);
    expect(noFile.data.error.message).toMatch(/no 'file' file part/);
    // An executive is refused before the body is read.
    expect((await postCsv(`prediction_id,actual\n${id},1\n`, tokens.exec)).status).toBe(403);
  });

  it("applies all valid rows or, when the database fails mid-way, none", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { task: "REGRESSION", versions: [{ stage: "PRODUCTION" }] });
    const ids = await insertPredictions(model.id, [1, 2, 3].map(() => ({ versionId: versions[0].id, output: { value: 1 } })));
    // A trigger that fails on the second row stands in for an infrastructure error inside the write.
    const fn = `fail_${uniq("fb").replace(/-/g, "_")}`;
    await db.$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN IF NEW.prediction_id = '${ids[1]}' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE INSERT ON feedback FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      const res = await postCsv(`prediction_id,actual\n${ids.map((id, i) => `${id},${i + 0.5}`).join("\n")}\n`);
      expect(res.status).toBe(500);
      expect(res.data.error).toEqual({ code: "internal", message: "Internal error" });
      expect(await db.feedback.count({ where: { predictionId: { in: ids } } })).toBe(0);
      expect(await db.auditEvent.count({ where: { subjectId: model.id, action: "feedback.recorded" } })).toBe(0);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER ${fn} ON feedback`);
      await db.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    const retry = await postCsv(`prediction_id,actual\n${ids.map((id, i) => `${id},${i + 0.5}`).join("\n")}\n`);
    expect(retry.data).toMatchObject({ created: 3, invalid: [], unknown: [] });
  });
});

describe("recent predictions", () => {
  it("pages newest first with a cursor and shows ground truth, also a shadow challenger's through its paired row", async () => {
    const { model, versions } = await makeServedModel(t.ds.actor, t.team.slug, { versions: [{ stage: "PRODUCTION" }, { stage: "STAGING" }] });
    const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));
    // Five champion rows, two of them in the same millisecond; the challenger scored row 4 in shadow.
    const champ = await insertPredictions(model.id, [0, 1, 2, 3, 3].map((s) => ({ versionId: versions[0].id, output: { label: "1", score: 0.8 }, createdAt: at(s) })));
    const [shadow] = await insertPredictions(model.id, [{ versionId: versions[1].id, role: "CHALLENGER", served: false, shadowOfId: champ[4], output: { label: "0", score: 0.3 }, createdAt: at(3) }]);
    await post({ items: [{ predictionId: champ[4], actual: "1" }, { predictionId: champ[0], actual: "0" }] });

    const page = (before?: string, limit = 2) => call(predictionsRoute.GET, { token: tokens.exec, params: { id: versions[0].id }, url: `/x?limit=${limit}${before ? `&before=${before}` : ""}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5 && (i === 0 || cursor); i++) {
      const res = await page(cursor);
      expect(res.status).toBe(200);
      seen.push(...res.data.items.map((p: { id: string }) => p.id));
      cursor = res.data.nextCursor ?? undefined;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen.slice(2)).toEqual([champ[2], champ[1], champ[0]]);
    const all = (await page(undefined, 50)).data.items as { id: string; feedback: unknown; correct: boolean | null }[];
    expect(all.find((p) => p.id === champ[4])).toMatchObject({ feedback: { actual: "1", source: "api", viaPairedPrediction: false }, correct: true });
    expect(all.find((p) => p.id === champ[0])).toMatchObject({ feedback: { actual: "0" }, correct: false });
    expect(all.find((p) => p.id === champ[1])).toMatchObject({ feedback: null, correct: null });

    const challenger = await call(predictionsRoute.GET, { token: tokens.ds, params: { id: versions[1].id }, url: "/x" });
    expect(challenger.data.items).toHaveLength(1);
    expect(challenger.data.items[0]).toMatchObject({ id: shadow, role: "CHALLENGER", served: false, feedback: { actual: "1", viaPairedPrediction: true }, correct: false });

    expect((await call(predictionsRoute.GET, { token: tokens.otherDs, params: { id: versions[0].id }, url: "/x" })).status).toBe(404);
    const bad = await call(predictionsRoute.GET, { token: tokens.ds, params: { id: versions[0].id }, url: "/x?limit=500" });
    expect(bad.status).toBe(400);
    expect(bad.data.error.message).toMatch(/limit must be at most 200/);
    const badCursor = await call(predictionsRoute.GET, { token: tokens.ds, params: { id: versions[0].id }, url: "/x?before=garbage" });
    expect(badCursor.status).toBe(400);
    expect(badCursor.data.error.details[0].path).toBe("before");
  });
});
