import { beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs/promises";
import path from "node:path";
import * as datasetsRoute from "@/app/api/v1/datasets/route";
import * as datasetRoute from "@/app/api/v1/datasets/[id]/route";
import * as modelDatasetsRoute from "@/app/api/v1/models/[id]/datasets/route";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { getModel } from "@/lib/models/get-model";
import { registerModel } from "@/lib/models/register-model";
import { artifactPath } from "@/lib/storage/artifact-store";
import { call, encodeForm, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";

let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let dsToken: string;

const GOOD_CSV =
  "\ufeffage,city,notes,active,churned\r\n" +
  "34,Paris,\"likes \"\"fast\"\" support, often\",true,0\r\n" +
  "51,Lyon,\"two\r\nlines\",false,1\r\n" +
  ",Paris,,yes,0\r\n" +
  "28,\"Saint-Denis, Réunion\",plain,no,1\r\n";

function form(fields: Record<string, string>, file: { name: string; text: string | Uint8Array } | null = null): FormData {
  const f = new FormData();
  // Fields first, as the browser client sends them.
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append("file", new Blob([typeof file.text === "string" ? new TextEncoder().encode(file.text) : (file.text as Uint8Array<ArrayBuffer>)], { type: "text/csv" }), file.name);
  return f;
}

async function upload(token: string | null, f: FormData, headers: Record<string, string> = {}) {
  const { body, contentType } = await encodeForm(f);
  return call(datasetsRoute.POST, { url: "/api/v1/datasets", token, body, headers: { "content-type": contentType, ...headers } });
}

async function tmpFiles(): Promise<string[]> {
  return fs.readdir(path.join(env.DATA_DIR, "tmp")).catch(() => []);
}

beforeAll(async () => {
  t = await makeTeamWithRoles();
  dsToken = await tokenFor(t.ds.actor, t.team.slug);
});

describe("dataset upload", () => {
  it("profiles a CSV with a BOM, CRLF, quoted commas and embedded newlines, and stores it content-addressed", async () => {
    const name = uniq("churn");
    const res = await upload(dsToken, form({ team: t.team.slug, name, labelColumn: "churned" }, { name: "churn.csv", text: GOOD_CSV }));
    expect(res.status).toBe(201);
    const d = res.data.dataset;
    expect(d).toMatchObject({ name, rowCount: 4, labelColumn: "churned", originalFilename: "churn.csv", team: { slug: t.team.slug } });
    expect(d.columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["age", "numeric"], ["city", "categorical"], ["notes", "categorical"], ["active", "boolean"], ["churned", "numeric"],
    ]);
    expect(d.columns[0]).toMatchObject({ nullCount: 1, allNumeric: true, numeric: { count: 3, min: 28, max: 51 } });
    expect(d.columns[2]).toMatchObject({ nullCount: 1, allNumeric: false });
    expect(d.columns[4].distinct).toEqual([{ value: "0", count: 2 }, { value: "1", count: 2 }]);
    expect(d.preview).toHaveLength(4);
    expect(d.preview[0]).toEqual(["34", "Paris", 'likes "fast" support, often', "true", "0"]);
    expect(d.preview[1][2]).toBe("two\r\nlines");
    expect(d.preview[3][1]).toBe("Saint-Denis, Réunion");

    const row = await db.dataset.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.storageKey).toBe(`sha256/${row.sha256.slice(0, 2)}/${row.sha256}`);
    expect(await fs.readFile(artifactPath(row.storageKey), "utf8")).toBe(GOOD_CSV);
    expect(Number(row.size)).toBe(Buffer.byteLength(GOOD_CSV));
    const events = await db.auditEvent.findMany({ where: { subjectId: d.id, action: "dataset.uploaded" } });
    expect(events).toHaveLength(1);
    expect(await tmpFiles()).toEqual([]);

    const got = await call(datasetRoute.GET, { token: dsToken, params: { id: d.id } });
    expect(got.status).toBe(200);
    expect(got.data.dataset.sha256).toBe(row.sha256);
    const list = await call(datasetsRoute.GET, { url: `/api/v1/datasets?team=${t.team.slug}&q=${name}`, token: dsToken });
    expect(list.data.datasets).toHaveLength(1);
    expect(list.data.datasets[0]).toMatchObject({ id: d.id, rowCount: 4, columnCount: 5, size: Buffer.byteLength(GOOD_CSV) });
  });

  it.each([
    ["an empty file", "", 422, /the file is empty/i],
    ["a header only", "a,b,c\r\n", 422, /header but no rows/],
    ["a ragged row", "a,b,c\n1,2,3\n4,5\n6,7,8\n", 422, /Row 2 \(line 3\) has 2 columns; the header has 3/],
    ["a duplicate header", "id,x,id\n1,2,3\n", 422, /Header columns 1 and 3 are both named 'id'/],
    ["an empty header name", "id,,y\n1,2,3\n", 422, /Header column 2 has no name/],
    ["an unclosed quote", 'a,b\n1,"oops\n2,3\n', 422, /Row 1.*never closed/],
  ])("refuses %s naming the problem, and writes nothing", async (_label, text, status, message) => {
    const name = uniq("bad");
    const res = await upload(dsToken, form({ team: t.team.slug, name }, { name: "bad.csv", text }));
    expect(res.status).toBe(status);
    expect(res.data.error.message).toMatch(message);
    expect(await db.dataset.count({ where: { name } })).toBe(0);
    expect(await tmpFiles()).toEqual([]);
  });

  it("refuses a label column that is not in the header, naming it and listing the columns", async () => {
    const name = uniq("nolabel");
    const text = "a,b\n1,2\n";
    const res = await upload(dsToken, form({ team: t.team.slug, name, labelColumn: "target" }, { name: "x.csv", text }));
    expect(res.status).toBe(400);
    expect(res.data.error.message).toBe("The label column 'target' is not in the file's header. Columns: a, b");
    expect(res.data.error.details).toEqual([{ path: "labelColumn", message: "'target' is not a column of the file" }]);
    expect(await db.dataset.count({ where: { name } })).toBe(0);
    expect(await tmpFiles()).toEqual([]);
  });

  it("answers 413 over DATASET_MAX_BYTES, streaming or declared, without storing anything", async () => {
    expect(env.DATASET_MAX_BYTES).toBe(2 * 1024 * 1024);
    const name = uniq("big");
    const line = "1.25,2.5,abc\n";
    const text = "x,y,z\n" + line.repeat(Math.ceil((env.DATASET_MAX_BYTES + 64 * 1024) / line.length));
    const { body, contentType } = await encodeForm(form({ team: t.team.slug, name }, { name: "big.csv", text }));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += 64 * 1024) controller.enqueue(body.subarray(i, i + 64 * 1024));
        controller.close();
      },
    });
    const res = await call(datasetsRoute.POST, { token: dsToken, body: stream, headers: { "content-type": contentType } });
    expect(res.status).toBe(413);
    expect(res.data.error.message).toMatch(/larger than the limit of 2 MB/);
    const declared = await call(datasetsRoute.POST, { token: dsToken, body, headers: { "content-type": contentType, "content-length": String(body.length) } });
    expect(declared.status).toBe(413);
    expect(await db.dataset.count({ where: { name } })).toBe(0);
    expect(await tmpFiles()).toEqual([]);
  });

  it("answers 409 for a name already used in the team, keeping the first dataset's object", async () => {
    const name = uniq("dup");
    const first = await upload(dsToken, form({ team: t.team.slug, name }, { name: "a.csv", text: "a\n1\n" }));
    expect(first.status).toBe(201);
    const again = await upload(dsToken, form({ team: t.team.slug, name }, { name: "b.csv", text: "a\n2\n" }));
    expect(again.status).toBe(409);
    expect(again.data.error.message).toMatch(new RegExp(`'${name}' already exists in team ${t.team.slug}`));
    expect(await db.dataset.count({ where: { name } })).toBe(1);
    expect(await tmpFiles()).toEqual([]);
  });

  it("validates the fields: name rules, role without modelId", async () => {
    const bad = await upload(dsToken, form({ team: t.team.slug, name: "Bad Name" }, { name: "a.csv", text: "a\n1\n" }));
    expect(bad.status).toBe(400);
    expect(bad.data.error.details[0].path).toBe("name");
    const role = await upload(dsToken, form({ team: t.team.slug, name: uniq("r"), role: "evaluation" }, { name: "a.csv", text: "a\n1\n" }));
    expect(role.status).toBe(400);
    expect(role.data.error.details[0].path).toBe("modelId");
    expect(await tmpFiles()).toEqual([]);
  });

  it("refuses an executive with 403, another team with 404, and reads of another team's dataset with 404", async () => {
    const execToken = await tokenFor(t.exec.actor, t.team.slug);
    const exec = await upload(execToken, form({ team: t.team.slug, name: uniq("x") }, { name: "a.csv", text: "a\n1\n" }));
    expect(exec.status).toBe(403);

    const other = await makeTeamWithRoles();
    const otherToken = await tokenFor(other.ds.actor, other.team.slug);
    const foreign = await upload(otherToken, form({ team: t.team.slug, name: uniq("x") }, { name: "a.csv", text: "a\n1\n" }));
    expect(foreign.status).toBe(404);

    const mine = await upload(dsToken, form({ team: t.team.slug, name: uniq("mine") }, { name: "a.csv", text: "a\n1\n" }));
    expect(mine.status).toBe(201);
    expect((await call(datasetRoute.GET, { token: otherToken, params: { id: mine.data.dataset.id } })).status).toBe(404);
    expect((await call(datasetRoute.GET, { token: execToken, params: { id: mine.data.dataset.id } })).status).toBe(200);
    const otherList = await call(datasetsRoute.GET, { url: "/api/v1/datasets", token: otherToken });
    expect(otherList.data.datasets.map((d: { id: string }) => d.id)).not.toContain(mine.data.dataset.id);
    expect(await tmpFiles()).toEqual([]);
  });
});

describe("datasets attached to models", () => {
  it("attaches at upload; the first evaluation dataset becomes the model's default", async () => {
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("m"), task: "BINARY" });
    const res = await upload(dsToken, form({ team: t.team.slug, name: uniq("holdout"), labelColumn: "churned", modelId: model.id, role: "evaluation" }, { name: "h.csv", text: GOOD_CSV }));
    expect(res.status).toBe(201);
    expect(res.data.attachment).toMatchObject({ role: "EVALUATION", attached: true, isDefault: true });
    const d = res.data.dataset;
    expect(d.models).toEqual([expect.objectContaining({ modelId: model.id, role: "EVALUATION", isDefault: true })]);
    const detail = await getModel(t.ds.actor, model.id);
    expect(detail.defaultEvaluationDatasetId).toBe(d.id);
    expect(detail.datasets).toEqual([{ role: "EVALUATION", dataset: { id: d.id, name: d.name, rowCount: 4 } }]);
    const actions = (await db.auditEvent.findMany({ where: { subjectId: model.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["model.registered", "dataset.attached", "model.default_dataset_changed"]);
  });

  it("attaches with a role, moves the default, detaches, and keeps the rules", async () => {
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("m"), task: "BINARY" });
    const a = (await upload(dsToken, form({ team: t.team.slug, name: uniq("a") }, { name: "a.csv", text: "x,y\n1,0\n" }))).data.dataset;
    const b = (await upload(dsToken, form({ team: t.team.slug, name: uniq("b") }, { name: "b.csv", text: "x,y\n2,1\n" }))).data.dataset;
    const post = (json: unknown, token = dsToken) => call(modelDatasetsRoute.POST, { token, json, params: { id: model.id } });

    const ref = await post({ datasetId: a.id, role: "reference" });
    expect(ref.status).toBe(201);
    expect(ref.data.defaultEvaluationDatasetId).toBeNull();
    const evalA = await post({ datasetId: a.id, role: "evaluation" });
    expect(evalA.data.defaultEvaluationDatasetId).toBe(a.id);
    const evalB = await post({ datasetId: b.id, role: "evaluation" });
    expect(evalB.data.defaultEvaluationDatasetId).toBe(a.id);
    const again = await post({ datasetId: b.id, role: "evaluation", makeDefault: true });
    expect(again.status).toBe(200);
    expect(again.data.defaultEvaluationDatasetId).toBe(b.id);

    const listed = await call(modelDatasetsRoute.GET, { token: dsToken, params: { id: model.id } });
    expect(listed.data.datasets.map((x: { name: string; role: string; isDefault: boolean }) => [x.name, x.role, x.isDefault])).toEqual([
      [a.name, "REFERENCE", false], [a.name, "EVALUATION", false], [b.name, "EVALUATION", true],
    ]);
    expect((await post({ datasetId: a.id, role: "reference", makeDefault: true })).status).toBe(400);
    // "scoring" is a role too (batch scoring inputs, test/integration/scoring-job.test.ts).
    expect((await post({ datasetId: a.id, role: "training" })).status).toBe(400);

    const del = await call(modelDatasetsRoute.DELETE, { url: `/api/v1/models/${model.id}/datasets?datasetId=${b.id}&role=evaluation`, method: "DELETE", token: dsToken, params: { id: model.id } });
    expect(del.status).toBe(200);
    expect(del.data.defaultEvaluationDatasetId).toBeNull();
    expect(del.data.datasets).toHaveLength(2);

    const actions = (await db.auditEvent.findMany({ where: { subjectId: model.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual([
      "model.registered", "dataset.attached", "dataset.attached", "model.default_dataset_changed", "dataset.attached",
      "model.default_dataset_changed", "dataset.detached", "model.default_dataset_changed",
    ]);

    const execToken = await tokenFor(t.exec.actor, t.team.slug);
    expect((await post({ datasetId: a.id, role: "evaluation" }, execToken)).status).toBe(403);
    expect((await call(modelDatasetsRoute.GET, { token: execToken, params: { id: model.id } })).status).toBe(200);
  });

  it("never attaches across teams", async () => {
    const other = await makeTeamWithRoles();
    const otherToken = await tokenFor(other.ds.actor, other.team.slug);
    const otherModel = await registerModel(other.ds.actor, { team: other.team.slug, name: uniq("m"), task: "BINARY" });
    const mine = (await upload(dsToken, form({ team: t.team.slug, name: uniq("a") }, { name: "a.csv", text: "x\n1\n" }))).data.dataset;
    // Their model, my dataset: my dataset is invisible to them.
    const res = await call(modelDatasetsRoute.POST, { token: otherToken, json: { datasetId: mine.id, role: "evaluation" }, params: { id: otherModel.id } });
    expect(res.status).toBe(404);
    // Upload naming another team's model: 404, nothing stored.
    const name = uniq("x");
    const up = await upload(dsToken, form({ team: t.team.slug, name, modelId: otherModel.id, role: "evaluation" }, { name: "a.csv", text: "x\n1\n" }));
    expect(up.status).toBe(404);
    expect(await db.dataset.count({ where: { name } })).toBe(0);
    expect(await tmpFiles()).toEqual([]);
  });
});
