import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateDataset } from "@/lib/evaluation/evaluate-dataset";
import type { TEvaluateInput } from "@/lib/evaluation/types";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { roundMetrics } from "@/lib/onnx/demo/metrics";
import { createInProcessRunner } from "@/lib/onnx/in-process-runner";
import { runIntakeChecks } from "@/lib/onnx/run-intake-checks";
import type { TIntakeCheckEvent, TIntakeChildResult } from "@/lib/onnx/types";

// The multiclass demo model through what the seed puts it through: the intake checklist (in
// process, not sandboxed), then the evaluation core on real onnxruntime with the input built from the
// intake result the way lib/evaluation/run-evaluation.ts builds it from the version row.
const QUEUES = ["billing", "technical", "account", "sales"];

let dir: string;
let model: TDemoManifest["models"][number];
let checks: TIntakeCheckEvent[];
let intake: TIntakeChildResult;
let input: TEvaluateInput;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-eval-multi-"));
  const manifest = await makeDemoModels(dir);
  model = manifest.models.find((m) => m.name === "support-ticket-routing")!;
  const v = model.versions[0];
  checks = [];
  const runner = createInProcessRunner();
  intake = await runIntakeChecks(
    {
      artifactPath: path.join(dir, v.file),
      declared: { features: v.metadata.features, labelClasses: v.metadata.labelClasses!, positiveClass: null },
      task: "multiclass",
      scorableOutPath: path.join(dir, `${v.file}.scoring.onnx`),
    },
    {
      emit: (e) => {
        if ("key" in e) checks.push(e);
      },
      runner,
    },
  );
  await runner.close();
  if (!intake.ok) throw new Error(`intake failed: ${intake.reason}`);
  input = {
    modelPath: intake.scorable.path!,
    datasetPath: path.join(dir, model.datasets.evaluation),
    task: "multiclass",
    featureSchema: intake.featureSchema,
    inputTypes: Object.fromEntries(intake.signature.inputs.map((i) => [i.name, i.elemType])),
    outputs: intake.scorable.outputs,
    classLabels: intake.scorable.classLabels!,
    positiveClass: null,
    labelColumn: model.datasets.labelColumn,
    threshold: 0.5,
    batchSize: 1024,
    rowsTotal: model.datasets.rows.evaluation,
    profile: false,
  };
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function labelCounts(file: string): Promise<Map<string, number>> {
  const [, ...lines] = (await fs.readFile(file, "utf8")).trim().split("\n");
  const counts = new Map<string, number>();
  for (const line of lines) {
    const label = line.slice(line.lastIndexOf(",") + 1);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}

describe("evaluateDataset on the multiclass demo model", () => {
  it("passes every intake check as a four-class model whose probabilities come one column per queue", () => {
    expect(intake.ok).toBe(true);
    const final = checks.filter((c) => c.status !== "RUNNING");
    expect(final.map((c) => c.status)).toEqual(Array(8).fill("PASSED"));
    if (!intake.ok) return;
    expect(intake.scorable.changed).toBe(true);
    expect(intake.scorable.classLabels).toEqual(QUEUES);
    expect(intake.scorable.outputs.probabilityColumns).toBe("per-class");
    expect(intake.featureSchema.features.map((f) => f.name)).toEqual(model.versions[0].metadata.features);
  });

  it("measures the accuracy, log loss and macro F1 the manifest recorded at training time", async () => {
    const result = await evaluateDataset(input, () => undefined);
    if (!result.ok) throw new Error(result.reason);
    if (result.metrics.task !== "multiclass") throw new Error(`expected multiclass metrics, got ${result.metrics.task}`);
    expect(result.rows).toBe(model.datasets.rows.evaluation);
    expect(result.metrics.rowCount).toBe(result.rows);
    expect(result.metrics.classCount).toBe(4);
    const { accuracy, log_loss: logLoss, macro_f1: macroF1 } = result.metrics.metrics;
    const measured = roundMetrics({ accuracy: accuracy.value!, log_loss: logLoss.value!, macro_f1: macroF1.value! });
    expect(measured).toEqual(model.versions[0].evaluationMetrics);
  });

  it("returns a confusion matrix over the four queues that sums to the row count", async () => {
    const result = await evaluateDataset(input, () => undefined);
    if (!result.ok || result.metrics.task !== "multiclass") throw new Error("expected multiclass metrics");
    const { confusionMatrix, perClass, metrics } = result.metrics;
    expect(input.classLabels).toEqual(QUEUES);
    expect(confusionMatrix).toHaveLength(4);
    for (const row of confusionMatrix) expect(row).toHaveLength(4);
    const total = confusionMatrix.flat().reduce((s, n) => s + n, 0);
    expect(total).toBe(result.rows);
    // Rows are true classes in the model's class order: each row sums to that queue's count in the CSV.
    const counts = await labelCounts(input.datasetPath);
    expect(confusionMatrix.map((row) => row.reduce((s, n) => s + n, 0))).toEqual(QUEUES.map((q) => counts.get(q)));
    expect(perClass.support).toEqual(QUEUES.map((q) => counts.get(q)));
    expect(confusionMatrix.reduce((s, row, k) => s + row[k], 0) / total).toBe(metrics.accuracy.value);
  });

  it("gives the same metrics whatever the batch size", async () => {
    const a = await evaluateDataset({ ...input, batchSize: 7 }, () => undefined);
    const b = await evaluateDataset({ ...input, batchSize: 1024 }, () => undefined);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.metrics).toEqual(b.metrics);
  });

  it("names a label that is not one of the queues by row and column", async () => {
    const csv = await fs.readFile(input.datasetPath, "utf8");
    const bad = path.join(dir, "unknown-queue.csv");
    await fs.writeFile(bad, csv.replace(/,(billing|technical|account|sales)\n/, ",refunds\n"));
    const result = await evaluateDataset({ ...input, datasetPath: bad }, () => undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/row 1, column 'queue': label 'refunds' is not one of the model's classes \(billing, technical, account, sales\)/);
  });
});
