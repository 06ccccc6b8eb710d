import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { registerModel } from "@/lib/models/register-model";
import { artifactPath, receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { getVersion } from "@/lib/versions/get-version";
import type { TVersionMetadata } from "@/lib/versions/version-metadata";
import { startWorkers, type TWorkers } from "@/workers/start-workers";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";

// Real worker process code (BullMQ on the real Redis, this run's prefix), real sandboxed
// onnxruntime, real PostgreSQL: upload a fixture, wait for the row to settle, read the checklist.
const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures", "models");

let workers: TWorkers;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;

beforeAll(async () => {
  workers = await startWorkers({ reconcileEveryMs: 5_000 });
  t = await makeTeamWithRoles();
});

afterAll(async () => {
  await workers?.close();
});

async function intake(fixture: string, task: "BINARY" | "MULTICLASS" | "REGRESSION", metadata: TVersionMetadata = {}) {
  const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("intake"), task });
  const received = await receiveToTemp(createReadStream(path.join(FIXTURES, fixture)), 10 * 1024 * 1024);
  const created = await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...received, filename: fixture }, metadata);
  const deadline = Date.now() + 50_000;
  for (;;) {
    const v = await db.modelVersion.findUniqueOrThrow({ where: { id: created.versionId }, select: { intakeStatus: true } });
    if (v.intakeStatus === "PASSED" || v.intakeStatus === "FAILED") break;
    if (Date.now() > deadline) throw new Error(`intake of ${fixture} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const version = await getVersion(t.ds.actor, created.versionId);
  const checks = Object.fromEntries(version.intake!.checks.map((c) => [c.key, c]));
  return { version, checks };
}

describe("intake worker", () => {
  it("accepts a skl2onnx classifier with ZipMap, reads its signature, and keeps the upload byte-identical", async () => {
    const original = await fs.readFile(path.join(FIXTURES, "classifier-zipmap.onnx"));
    const { version, checks } = await intake("classifier-zipmap.onnx", "BINARY", { features: ["age", "income", "tenure_months", "balance"], labelClasses: ["0", "1"], positiveClass: "1" });
    expect(version.intakeStatus).toBe("PASSED");
    expect(Object.values(checks).map((c) => c.status)).toEqual(Array(8).fill("PASSED"));
    expect(version.signature!.inputs.map((i) => i.name)).toEqual(["float_input"]);
    expect(version.signature!.outputs.map((o) => o.name)).toEqual(["output_label", "output_probability"]);
    expect(version.signature!.opsetImports.map((o) => o.domain).sort()).toContain("ai.onnx.ml");
    expect(version.featureSchema!.features.map((f) => f.name)).toEqual(["age", "income", "tenure_months", "balance"]);
    expect(version.featureSchema!.labelClasses).toEqual(["0", "1"]);
    // The scorable graph is stored beside the upload; the upload itself is untouched.
    expect(version.scoringSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(version.scoringSha256).not.toBe(version.artifactSha256);
    const stored = await db.modelVersion.findUniqueOrThrow({ where: { id: version.id } });
    expect((await fs.readFile(artifactPath(stored.storageKey))).equals(original)).toBe(true);
    expect(await db.auditEvent.count({ where: { subjectId: version.id, action: "intake.passed" } })).toBe(1);
  });

  it("accepts a tree-ensemble classifier with string labels and a linear regressor", async () => {
    const tree = await intake("tree-classifier-zipmap.onnx", "BINARY");
    expect(tree.version.intakeStatus).toBe("PASSED");
    expect(tree.version.featureSchema!.labelClasses).toEqual(["lost", "won"]);
    const reg = await intake("regression.onnx", "REGRESSION", { features: ["price", "promo", "temperature"] });
    expect(reg.version.intakeStatus).toBe("PASSED");
    expect(reg.version.scoringSha256).toBeNull();
  });

  it.each([
    ["truncated.onnx", "format", /truncated|corrupt/i],
    ["external-data.onnx", "external_data", /external/i],
    ["custom-op.onnx", "operators", /com\.example\.custom/],
    ["throws-at-run.onnx", "smoke", /.+/],
  ])("rejects %s at the %s check with a message naming the problem", async (fixture, key, message) => {
    const { version, checks } = await intake(fixture, "REGRESSION");
    expect(version.intakeStatus).toBe("FAILED");
    expect(checks[key].status).toBe("FAILED");
    expect(checks[key].message).toMatch(message);
    expect(version.intakeError).toMatch(message);
    const keys = version.intake!.checks.map((c) => c.key);
    for (const later of keys.slice(keys.indexOf(key) + 1)) expect(checks[later].status).toBe("SKIPPED");
    expect(await db.auditEvent.count({ where: { subjectId: version.id, action: "intake.failed" } })).toBe(1);
  });

  it("declared features that do not match the input width fail the features check", async () => {
    const { version, checks } = await intake("classifier-zipmap.onnx", "BINARY", { features: ["a", "b", "c"] });
    expect(version.intakeStatus).toBe("FAILED");
    expect(checks.features.message).toMatch(/3 features/);
  });

  it("a model that exhausts memory kills only its sandbox, and the version is failed with the reason", async () => {
    const { version } = await intake("memory-bomb.onnx", "REGRESSION");
    expect(version.intakeStatus).toBe("FAILED");
    expect(version.intakeError).toMatch(/memory limit/);
    // The worker lives on and takes the next job.
    const next = await intake("regression.onnx", "REGRESSION");
    expect(next.version.intakeStatus).toBe("PASSED");
  });

  it("a model that hangs is stopped at the time limit", async () => {
    const { version } = await intake("hangs-at-run.onnx", "REGRESSION");
    expect(version.intakeStatus).toBe("FAILED");
    expect(version.intakeError).toMatch(/timed out/);
  }, 90_000);

  it("is idempotent: a finished run delivered again writes nothing", async () => {
    const { version } = await intake("regression.onnx", "REGRESSION", { features: ["price", "promo", "temperature"] });
    const { runIntake } = await import("@/lib/versions/run-intake");
    expect(await runIntake(version.intake!.id)).toBe("skipped");
    expect(await db.auditEvent.count({ where: { subjectId: version.id, action: "intake.passed" } })).toBe(1);
  });
});
