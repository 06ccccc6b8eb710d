import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { multiclassSummary, regressionMetrics, rocAuc } from "@/lib/onnx/demo/metrics";
import { createInProcessRunner } from "@/lib/onnx/in-process-runner";
import { makeScorable } from "@/lib/onnx/make-scorable";
import { ZVersionMetadata } from "@/lib/versions/version-metadata";

let dirA: string;
let dirB: string;
let manifest: TDemoManifest;

beforeAll(async () => {
  dirA = await fs.mkdtemp(path.join(os.tmpdir(), "demo-a-"));
  dirB = await fs.mkdtemp(path.join(os.tmpdir(), "demo-b-"));
  manifest = await makeDemoModels(dirA);
  await makeDemoModels(dirB);
}, 60_000);

afterAll(async () => {
  await fs.rm(dirA, { recursive: true, force: true });
  await fs.rm(dirB, { recursive: true, force: true });
});

async function readCsv(file: string) {
  const [header, ...lines] = (await fs.readFile(file, "utf8")).trim().split("\n");
  return { columns: header.split(","), rows: lines.map((l) => l.split(",")) };
}

async function scoreCsv(dir: string, modelFile: string, csvFile: string, features: string[], task: "binary" | "multiclass" | "regression") {
  const scorable = makeScorable(new Uint8Array(await fs.readFile(path.join(dir, modelFile))), { task });
  const csv = await readCsv(path.join(dir, csvFile));
  const idx = features.map((f) => csv.columns.indexOf(f));
  const data = Float32Array.from(csv.rows.flatMap((r) => idx.map((i) => Number(r[i]))));
  const runner = createInProcessRunner();
  await runner.createSession(scorable.bytes);
  const fetch = task === "regression" ? scorable.outputs.value! : scorable.outputs.probabilities!;
  const out = await runner.run([{ name: "float_input", type: "float32", dims: [csv.rows.length, features.length], data }], [fetch]);
  await runner.close();
  return { csv, out: out[fetch], scorable };
}

describe("makeDemoModels", () => {
  it("writes byte-identical files on every run", async () => {
    const files = (await fs.readdir(dirA)).sort();
    expect(files).toEqual((await fs.readdir(dirB)).sort());
    expect(files).toContain("manifest.json");
    for (const f of files) {
      const same = (await fs.readFile(path.join(dirA, f))).equals(await fs.readFile(path.join(dirB, f)));
      expect(same, `${f} differs between two runs`).toBe(true);
    }
  });

  it("describes four models whose metadata the upload API accepts", () => {
    expect(manifest.models.map((m) => [m.name, m.task, m.versions.map((v) => v.file)])).toEqual([
      ["card-fraud", "BINARY", ["card-fraud-v1.onnx", "card-fraud-v2.onnx"]],
      ["lead-scoring", "BINARY", ["lead-scoring-v1.onnx"]],
      ["demand-forecast", "REGRESSION", ["demand-forecast-v1.onnx"]],
      ["support-ticket-routing", "MULTICLASS", ["support-ticket-routing-v1.onnx"]],
    ]);
    for (const v of manifest.models.flatMap((m) => m.versions)) expect(ZVersionMetadata.safeParse(v.metadata).success, v.file).toBe(true);
    const [v1, v2] = manifest.models[0].versions;
    expect(v1.metadata.features).toHaveLength(5);
    expect(v2.metadata.features).toHaveLength(8);
    expect(v2.evaluationMetrics.roc_auc).toBeGreaterThan(v1.evaluationMetrics.roc_auc);
  });

  it("writes ~2000-row evaluation CSVs with the label column", async () => {
    for (const m of manifest.models) {
      const csv = await readCsv(path.join(dirA, m.datasets.evaluation));
      expect(csv.rows).toHaveLength(2000);
      expect(csv.columns.at(-1)).toBe(m.datasets.labelColumn);
    }
  });

  it("card-fraud v2 and lead-scoring run in onnxruntime with the AUC the manifest states", async () => {
    for (const [model, version] of [[0, 1], [1, 0]] as const) {
      const m = manifest.models[model];
      const v = m.versions[version];
      const { csv, out, scorable } = await scoreCsv(dirA, v.file, m.datasets.evaluation, v.metadata.features, "binary");
      expect(scorable.changed).toBe(true);
      expect(scorable.classLabels).toEqual(v.metadata.labelClasses);
      const positive = scorable.classLabels!.indexOf(v.metadata.positiveClass!);
      const p = Array.from({ length: csv.rows.length }, (_, i) => (out.data as Float32Array)[2 * i + positive]);
      const y = csv.rows.map((r) => (r.at(-1) === v.metadata.positiveClass ? 1 : 0));
      expect(Math.abs(rocAuc(y, p) - v.evaluationMetrics.roc_auc)).toBeLessThan(0.002);
    }
  });

  it("demand-forecast runs in onnxruntime with the RMSE the manifest states", async () => {
    const m = manifest.models[2];
    const v = m.versions[0];
    const { csv, out } = await scoreCsv(dirA, v.file, m.datasets.evaluation, v.metadata.features, "regression");
    const metrics = regressionMetrics(csv.rows.map((r) => Number(r.at(-1))), Array.from(out.data as Float32Array));
    expect(Math.abs(metrics.rmse - v.evaluationMetrics.rmse)).toBeLessThan(0.01);
  });

  it("support-ticket-routing runs in onnxruntime with the accuracy, log loss and macro F1 the manifest states", async () => {
    const m = manifest.models[3];
    const v = m.versions[0];
    const { csv, out, scorable } = await scoreCsv(dirA, v.file, m.datasets.evaluation, v.metadata.features, "multiclass");
    expect(scorable.changed).toBe(true);
    expect(scorable.classLabels).toEqual(["billing", "technical", "account", "sales"]);
    expect(v.metadata.labelClasses).toEqual(scorable.classLabels);
    expect(v.metadata.positiveClass).toBeUndefined();
    const k = scorable.classLabels!.length;
    const data = out.data as Float32Array;
    expect(out.dims).toEqual([csv.rows.length, k]);
    const p = Array.from({ length: csv.rows.length }, (_, i) => Array.from(data.subarray(i * k, (i + 1) * k)));
    for (const row of p) expect(Math.abs(row.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-5);
    const y = csv.rows.map((r) => scorable.classLabels!.indexOf(r.at(-1)!));
    expect(y.every((c) => c >= 0)).toBe(true);
    const metrics = multiclassSummary(y, p, k);
    expect(Math.abs(metrics.accuracy - v.evaluationMetrics.accuracy)).toBeLessThan(0.001);
    expect(Math.abs(metrics.log_loss - v.evaluationMetrics.log_loss)).toBeLessThan(0.001);
    expect(Math.abs(metrics.macro_f1 - v.evaluationMetrics.macro_f1)).toBeLessThan(0.001);
  });

  it("support-ticket-routing has four overlapping queues, sales the rarest", async () => {
    const m = manifest.models[3];
    const csv = await readCsv(path.join(dirA, m.datasets.evaluation));
    const counts = new Map<string, number>();
    for (const r of csv.rows) counts.set(r.at(-1)!, (counts.get(r.at(-1)!) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["account", "billing", "sales", "technical"]);
    const [rarest] = [...counts].sort((a, b) => a[1] - b[1]);
    expect(rarest[0]).toBe("sales");
    expect(rarest[1] / csv.rows.length).toBeGreaterThan(0.05);
    const { accuracy } = m.versions[0].evaluationMetrics;
    expect(accuracy).toBeGreaterThan(0.7);
    expect(accuracy).toBeLessThan(0.85);
  });
});
