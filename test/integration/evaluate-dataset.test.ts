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

  // 30,000 rows: with batches of 7, each chunk of the file fills hundreds of batches whose runs start
  // before any finishes; their outputs must still be accumulated in row order.
  async function repeatedCsv(base: TEvaluateInput, times: number, mutateRow?: (row: number, line: string) => string): Promise<string> {
    const [header, ...rows] = (await fs.readFile(base.datasetPath, "utf8")).trimEnd().split("\n");
    const lines = [header];
    for (let t = 0; t < times; t++) for (const line of rows) lines.push(mutateRow ? mutateRow(lines.length, line) : line);
    const file = path.join(dir, `repeated-${Math.random().toString(36).slice(2)}.csv`);
    await fs.writeFile(file, lines.join("\n") + "\n");
    return file;
  }

  it("scores many batches in flight in row order, with the same metrics for any batch size", async () => {
    const base = await inputFor("card-fraud", 1);
    const datasetPath = await repeatedCsv(base, 15);
    const progress: TEvaluateMessage[] = [];
    const small = await evaluateDataset({ ...base, datasetPath, batchSize: 7 }, (m) => progress.push(m));
    const large = await evaluateDataset({ ...base, datasetPath, batchSize: 1024, rowsTotal: 30_000 }, () => undefined);
    expect(small.ok && large.ok).toBe(true);
    if (!small.ok || !large.ok) return;
    expect(small.rows).toBe(30_000);
    expect(small.metrics).toEqual(large.metrics);
    const rowsDone = progress.map((m) => (m.type === "progress" ? m.rowsDone : 0));
    expect(rowsDone).toEqual([...rowsDone].sort((a, b) => a - b));
  });

  it("names the row of bad data deep in a file while earlier batches wait to be scored", async () => {
    const base = await inputFor("card-fraud", 1);
    const datasetPath = await repeatedCsv(base, 15, (row, line) => (row === 25_000 ? line.replace(/^[^,]*,/, "n/a,") : line));
    const result = await evaluateDataset({ ...base, datasetPath, batchSize: 7 }, () => undefined);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^row 25000, column '.+': 'n\/a' is not a number/) });
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
