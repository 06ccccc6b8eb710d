import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateDataset } from "@/lib/evaluation/evaluate-dataset";
import type { TEvaluateInput, TEvaluateMessage } from "@/lib/evaluation/types";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { makeScorable } from "@/lib/onnx/make-scorable";
import { readModel } from "@/lib/onnx/read-model";
import { extractSignature } from "@/lib/onnx/signature";
import { binaryMetrics } from "@/lib/metrics/binary-metrics";

// The evaluation core on real onnxruntime and real CSV files: the demo models on their own
// evaluation sets, and bad data that must be named by row and column.
let dir: string;
let manifest: TDemoManifest;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-eval-"));
  manifest = await makeDemoModels(dir);
});

async function inputFor(modelName: string, versionIndex = 0, dataset?: string): Promise<TEvaluateInput> {
  const m = manifest.models.find((x) => x.name === modelName)!;
  const v = m.versions[versionIndex];
  const bytes = new Uint8Array(await fs.readFile(path.join(dir, v.file)));
  const model = readModel(bytes);
  const sig = extractSignature(model);
  const task = m.task.toLowerCase() as TEvaluateInput["task"];
  const scorable = makeScorable(bytes, { model, task });
  const scoringPath = path.join(dir, `${v.file}.scoring.onnx`);
  await fs.writeFile(scoringPath, scorable.bytes);
  const input = sig.inputs[0];
  return {
    modelPath: scoringPath,
    datasetPath: dataset ?? path.join(dir, m.datasets.evaluation),
    task,
    featureSchema: { layout: "matrix", inputName: input.name, features: v.metadata.features.map((name) => ({ name, type: input.elemType })) },
    inputTypes: { [input.name]: input.elemType },
    outputs: scorable.outputs,
    classLabels: scorable.classLabels ?? v.metadata.labelClasses ?? [],
    positiveClass: v.metadata.positiveClass ?? null,
    labelColumn: m.datasets.labelColumn,
    threshold: 0.5,
    batchSize: 256,
    rowsTotal: null,
    profile: false,
  };
}

describe("evaluateDataset", () => {
  it("evaluates the linear card-fraud classifier (ZipMap export) with the AUC measured when it was trained", async () => {
    const progress: TEvaluateMessage[] = [];
    const result = await evaluateDataset({ ...(await inputFor("card-fraud", 1)), profile: true }, (m) => progress.push(m));
    expect(result.ok).toBe(true);
    if (!result.ok || result.metrics.task !== "binary") throw new Error("expected binary metrics");
    const expected = manifest.models.find((x) => x.name === "card-fraud")!.versions[1].evaluationMetrics;
    expect(result.rows).toBe(2000);
    expect(result.metrics.metrics.roc_auc.value).toBeCloseTo(expected.roc_auc, 3);
    expect(result.profile!.singleRowLatencyMs.runs).toBe(1000);
    expect(result.profile!.rowsPerSecond.batch1024).toBeGreaterThan(result.profile!.rowsPerSecond.batch1);
  });

  it("evaluates the tree-ensemble lead-scoring classifier and the linear regressor", async () => {
    const lead = await evaluateDataset(await inputFor("lead-scoring"), () => undefined);
    expect(lead.ok).toBe(true);
    if (lead.ok && lead.metrics.task === "binary") expect(lead.metrics.metrics.roc_auc.value).toBeCloseTo(manifest.models.find((x) => x.name === "lead-scoring")!.versions[0].evaluationMetrics.roc_auc, 3);
    const demand = await evaluateDataset(await inputFor("demand-forecast"), () => undefined);
    expect(demand.ok).toBe(true);
    if (demand.ok && demand.metrics.task === "regression") {
      expect(demand.metrics.metrics.rmse.value).toBeCloseTo(manifest.models.find((x) => x.name === "demand-forecast")!.versions[0].evaluationMetrics.rmse, 1);
    }
  });

  it("gives the same metrics as lib/metrics on the same predictions, whatever the batch size", async () => {
    const base = await inputFor("card-fraud", 1);
    const a = await evaluateDataset({ ...base, batchSize: 7 }, () => undefined);
    const b = await evaluateDataset({ ...base, batchSize: 1024 }, () => undefined);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.metrics).toEqual(b.metrics);
    void binaryMetrics;
  });

  it.each([
    ["a text in a numeric column", (csv: string) => csv.replace(/\n([^,\n]*),/, "\nabc,"), /row 1, column '.+': 'abc' is not a number/],
    ["a missing feature column", (csv: string) => csv.replace(/^amount,/, "amount_renamed,"), /lacks column.*amount/],
    ["an unknown label", (csv: string) => csv.replace(/,(0|1)\n/, ",maybe\n"), /row 1, column 'is_fraud': label 'maybe' is not one of the model's classes/],
    ["a ragged row", (csv: string) => csv.replace(/\n/, "\n1,2\n"), /CSV could not be read|column/i],
    ["a header with no rows", (csv: string) => csv.split("\n")[0] + "\n", /header but no rows/],
  ])("names the problem for %s", async (_label, mutate, message) => {
    const base = await inputFor("card-fraud", 1);
    const csv = await fs.readFile(base.datasetPath, "utf8");
    const bad = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.csv`);
    await fs.writeFile(bad, mutate(csv));
    const result = await evaluateDataset({ ...base, datasetPath: bad }, () => undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(message);
  });
});
