import { beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs/promises";
import * as versionsRoute from "@/app/api/v1/models/[id]/versions/route";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { registerModel } from "@/lib/models/register-model";
import { artifactPath } from "@/lib/storage/artifact-store";
import { call, encodeForm, multipart, tokenFor } from "@/test/helpers/api";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import path from "node:path";

let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let dsToken: string;
let modelId: string;

// Bytes that are not any known non-ONNX format; intake decides later whether they are ONNX.
const protobufLike = (n: number, seed = 1) => {
  const b = new Uint8Array(n);
  b[0] = 0x08;
  b[1] = 0x07;
  for (let i = 2; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};

async function upload(token: string | null, form: FormData, id = modelId) {
  const { body, contentType } = await encodeForm(form);
  return call(versionsRoute.POST, { url: `/api/v1/models/${id}/versions`, token, body, headers: { "content-type": contentType }, params: { id } });
}

async function tmpFiles(): Promise<string[]> {
  return fs.readdir(path.join(env.DATA_DIR, "tmp")).catch(() => []);
}

beforeAll(async () => {
  t = await makeTeamWithRoles();
  dsToken = await tokenFor(t.ds.actor, t.team.slug);
  modelId = (await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("upl"), task: "BINARY" })).id;
});

describe("version upload", () => {
  it("stores the file content-addressed, assigns v1, and queues intake with pending checks", async () => {
    const bytes = protobufLike(2048);
    const res = await upload(dsToken, multipart({ name: "model.onnx", bytes }, { features: ["a", "b"], labelClasses: ["0", "1"], positiveClass: "1", gitCommit: "abc1234", params: { C: 1 } }));
    expect(res.status).toBe(201);
    const v = res.data.version;
    expect(v.number).toBeGreaterThanOrEqual(1);
    expect(v.intakeStatus).toBe("PENDING");
    expect(v.intake.checks.map((c: { key: string }) => c.key)).toEqual(["format", "external_data", "operators", "signature", "scorable", "session", "smoke", "features"]);
    const row = await db.modelVersion.findUniqueOrThrow({ where: { id: v.id } });
    expect(row.storageKey).toBe(`sha256/${row.artifactSha256.slice(0, 2)}/${row.artifactSha256}`);
    expect(new Uint8Array(await fs.readFile(artifactPath(row.storageKey)))).toEqual(bytes);
    expect(row.declaredFeatures).toEqual(["a", "b"]);
    expect(row.gitCommit).toBe("abc1234");
  });

  it("gives concurrent uploads to one model distinct consecutive numbers", async () => {
    const id = (await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("conc"), task: "BINARY" })).id;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => upload(dsToken, multipart({ name: `m${i}.onnx`, bytes: protobufLike(512, i) }), id)));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const numbers = results.map((r) => r.data.version.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it.each([
    ["an empty file", () => multipart({ name: "empty.onnx", bytes: new Uint8Array() }), 400, /empty/],
    ["a PNG renamed .onnx", () => multipart({ name: "cat.onnx", bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) }), 415, /PNG image/],
    ["no file part", () => multipart(null, {}), 400, /no 'file' file part/],
    ["metadata that is not JSON", () => multipart({ name: "m.onnx", bytes: protobufLike(64) }, "{oops"), 400, /metadata is not valid JSON/],
    ["a positive class outside the label classes", () => multipart({ name: "m.onnx", bytes: protobufLike(64) }, { labelClasses: ["a", "b"], positiveClass: "c" }), 400, /positiveClass must be one of labelClasses/],
    ["an unknown metadata key", () => multipart({ name: "m.onnx", bytes: protobufLike(64) }, { featurez: ["a"] }), 400, /featurez|Unrecognized/i],
  ])("refuses %s with a clear error and writes nothing", async (_label, form, status, message) => {
    const versionsBefore = await db.modelVersion.count({ where: { modelId } });
    const seqBefore = (await db.registeredModel.findUniqueOrThrow({ where: { id: modelId } })).versionSeq;
    const res = await upload(dsToken, form());
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.data.error)).toMatch(message);
    expect(await db.modelVersion.count({ where: { modelId } })).toBe(versionsBefore);
    expect((await db.registeredModel.findUniqueOrThrow({ where: { id: modelId } })).versionSeq).toBe(seqBefore);
    expect(await tmpFiles()).toEqual([]);
  });

  it("answers 413 for a body over the cap, without storing anything", async () => {
    const versionsBefore = await db.modelVersion.count({ where: { modelId } });
    const big = protobufLike(env.UPLOAD_MAX_BYTES + 1024);
    const { body, contentType } = await encodeForm(multipart({ name: "big.onnx", bytes: big }));
    // Without Content-Length the server must notice while streaming.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += 64 * 1024) controller.enqueue(body.subarray(i, i + 64 * 1024));
        controller.close();
      },
    });
    const res = await call(versionsRoute.POST, { token: dsToken, body: stream, headers: { "content-type": contentType }, params: { id: modelId } });
    expect(res.status).toBe(413);
    expect(res.data.error.message).toMatch(/larger than the limit of 4 MB/);
    // With Content-Length it is refused before reading.
    const declared = await call(versionsRoute.POST, { token: dsToken, body, headers: { "content-type": contentType, "content-length": String(body.length) }, params: { id: modelId } });
    expect(declared.status).toBe(413);
    expect(await db.modelVersion.count({ where: { modelId } })).toBe(versionsBefore);
    expect(await tmpFiles()).toEqual([]);
  });

  it("refuses an executive with 403 and another team with 404", async () => {
    const execToken = await tokenFor(t.exec.actor, t.team.slug);
    const res = await upload(execToken, multipart({ name: "m.onnx", bytes: protobufLike(64) }));
    expect(res.status).toBe(403);
    const other = await makeTeamWithRoles();
    const otherToken = await tokenFor(other.ds.actor, other.team.slug);
    expect((await upload(otherToken, multipart({ name: "m.onnx", bytes: protobufLike(64) }))).status).toBe(404);
    expect((await upload(dsToken, multipart({ name: "m.onnx", bytes: protobufLike(64) }), "does-not-exist")).status).toBe(404);
  });

  it("refuses a body that is not multipart", async () => {
    const res = await call(versionsRoute.POST, { token: dsToken, body: "hello", headers: { "content-type": "application/octet-stream" }, params: { id: modelId } });
    expect(res.status).toBe(415);
  });
});
