import { onnx } from "onnx-proto";
import { describe, expect, it } from "vitest";
import { buildLinearRegressor } from "@/lib/onnx/build/linear-regressor";
import { buildLogisticClassifier } from "@/lib/onnx/build/logistic-classifier";
import { buildTreeEnsembleClassifier } from "@/lib/onnx/build/tree-ensemble-classifier";
import { createInProcessRunner } from "@/lib/onnx/in-process-runner";
import { makeScorable } from "@/lib/onnx/make-scorable";
import { readModel } from "@/lib/onnx/read-model";
import { extractSignature } from "@/lib/onnx/signature";

// These tests run onnxruntime-node in-process: the scorable model must really run and give the
// probabilities a hand computation gives.

const W = [0.8, -1.2, 0.05, 2.5];
const B = -0.3;
const ROWS = [[1, 2, 3, 4], [0, 0, 0, 0], [-1.5, 0.25, 40, -0.7], [3, -2, 10, 0.1], [0.5, 0.5, 0.5, 0.5]];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

async function score(bytes: Uint8Array, fetches: string[], rows = ROWS) {
  const runner = createInProcessRunner();
  try {
    await runner.createSession(bytes);
    return await runner.run([{ name: "float_input", type: "float32", dims: [rows.length, rows[0].length], data: Float32Array.from(rows.flat()) }], fetches);
  } finally {
    await runner.close();
  }
}

function zipMapClassifier(style: "ml-linear" | "matmul-sigmoid" = "ml-linear") {
  return buildLogisticClassifier({ coefficients: W, intercept: B, featureNames: ["a", "b", "c", "d"], classLabels: [0, 1], zipmap: true, style });
}

describe("makeScorable on skl2onnx ZipMap classifiers", () => {
  it("removes the ZipMap of a LinearClassifier export and exposes probabilities [N, 2]", () => {
    const original = zipMapClassifier();
    const copy = original.slice();
    const scorable = makeScorable(original, { task: "binary" });

    expect(scorable.changed).toBe(true);
    expect(scorable.outputs).toEqual({ label: "output_label", probabilities: "probabilities", probabilityColumns: "per-class" });
    expect(scorable.classLabels).toEqual(["0", "1"]);
    expect(original).toEqual(copy);

    const rewritten = readModel(scorable.bytes);
    expect(rewritten.graph?.node?.some((n) => n.opType === "ZipMap")).toBe(false);
    const sig = extractSignature(rewritten);
    expect(sig.outputs.map((o) => [o.name, o.elemType, o.shape])).toEqual([
      ["output_label", "int64", [null]],
      ["probabilities", "float32", [null, 2]],
    ]);
    expect(sig.metadataProps["modelgate.scorable"]).toMatch(/removed ZipMap/);
  });

  it("gives probabilities equal to the logistic function computed by hand (1e-6)", async () => {
    const scorable = makeScorable(zipMapClassifier(), { task: "binary" });
    const out = await score(scorable.bytes, ["output_label", "probabilities"]);
    expect(out.probabilities.dims).toEqual([ROWS.length, 2]);
    const p = out.probabilities.data as Float32Array;
    ROWS.forEach((row, i) => {
      const expected = sigmoid(B + row.reduce((s, x, j) => s + W[j] * x, 0));
      expect(Math.abs(p[2 * i + 1] - expected)).toBeLessThan(1e-6);
      expect(Math.abs(p[2 * i] - (1 - expected))).toBeLessThan(1e-6);
      expect(Number((out.output_label.data as BigInt64Array)[i])).toBe(expected > 0.5 ? 1 : 0);
    });
  });

  it("handles the matmul-sigmoid variant the same way", async () => {
    const scorable = makeScorable(zipMapClassifier("matmul-sigmoid"), { task: "binary" });
    const out = await score(scorable.bytes, ["probabilities"]);
    const p = out.probabilities.data as Float32Array;
    expect(Math.abs(p[1] - sigmoid(B + 1 * 0.8 - 2 * 1.2 + 3 * 0.05 + 4 * 2.5))).toBeLessThan(1e-6);
  });

  it("rewrites a TreeEnsembleClassifier export with string labels", async () => {
    const bytes = buildTreeEnsembleClassifier({
      trees: [
        [{ feature: 0, threshold: 0.5, left: 1, right: 2 }, { leaf: [-0.7] }, { leaf: [0.9] }],
        [{ feature: 3, threshold: 1, left: 1, right: 2 }, { leaf: [-0.2] }, { leaf: [0.4] }],
      ],
      baseValues: [-0.5], postTransform: "LOGISTIC", featureNames: ["a", "b", "c", "d"], classLabels: ["lost", "won"], zipmap: true,
    });
    const scorable = makeScorable(bytes, { task: "binary" });
    expect(scorable.classLabels).toEqual(["lost", "won"]);
    const out = await score(scorable.bytes, ["output_label", "probabilities"]);
    const p = out.probabilities.data as Float32Array;
    ROWS.forEach((row, i) => {
      const z = -0.5 + (row[0] <= 0.5 ? -0.7 : 0.9) + (row[3] <= 1 ? -0.2 : 0.4);
      expect(Math.abs(p[2 * i + 1] - sigmoid(z))).toBeLessThan(1e-6);
      expect((out.output_label.data as string[])[i]).toBe(sigmoid(z) > 0.5 ? "won" : "lost");
    });
  });

  it("adds an Identity when the ZipMap input is not already called probabilities", async () => {
    const model = readModel(zipMapClassifier());
    for (const n of model.graph!.node!) {
      n.input = n.input!.map((x) => (x === "probabilities" ? "probability_tensor" : x));
      n.output = n.output!.map((x) => (x === "probabilities" ? "probability_tensor" : x));
    }
    const bytes = onnx.ModelProto.encode(model).finish();
    const scorable = makeScorable(bytes, { task: "binary" });
    const rewritten = readModel(scorable.bytes);
    expect(rewritten.graph!.node!.find((n) => n.opType === "Identity")).toMatchObject({ input: ["probability_tensor"], output: ["probabilities"] });
    const out = await score(scorable.bytes, ["probabilities"]);
    expect(out.probabilities.dims).toEqual([ROWS.length, 2]);
  });

  it("does not mutate the decoded model it is given", () => {
    const bytes = zipMapClassifier();
    const model = readModel(bytes);
    makeScorable(bytes, { task: "binary", model });
    expect(model.graph!.node!.map((n) => n.opType)).toEqual(["LinearClassifier", "Cast", "ZipMap"]);
    expect(model.graph!.output!.map((o) => o.name)).toEqual(["output_label", "output_probability"]);
  });

  it("refuses a ZipMap classifier registered as a regression", () => {
    expect(() => makeScorable(zipMapClassifier(), { task: "regression" })).toThrow(/task is regression but the model is a classifier/);
  });
});

describe("makeScorable on models without ZipMap", () => {
  it("describes [N, C] probabilities and a label, unchanged", () => {
    const bytes = buildLogisticClassifier({ coefficients: W, intercept: B, featureNames: ["a", "b", "c", "d"], classLabels: ["n", "y"], zipmap: false, style: "ml-linear" });
    const scorable = makeScorable(bytes, { task: "binary" });
    expect(scorable.changed).toBe(false);
    expect(scorable.bytes).toBe(bytes);
    expect(scorable.outputs).toEqual({ label: "label", probabilities: "probabilities", probabilityColumns: "per-class" });
    expect(scorable.classLabels).toEqual(["n", "y"]);
  });

  it("describes a single sigmoid column as the positive-class probability", async () => {
    const bytes = buildLogisticClassifier({ coefficients: W, intercept: B, featureNames: ["a", "b", "c", "d"], classLabels: [0, 1], zipmap: false, style: "matmul-sigmoid" });
    const scorable = makeScorable(bytes, { task: "binary" });
    expect(scorable.outputs).toEqual({ probabilities: "probability", probabilityColumns: "positive" });
    const out = await score(bytes, ["probability"]);
    expect(Math.abs((out.probability.data as Float32Array)[1] - sigmoid(B))).toBeLessThan(1e-6);
  });

  it("describes a regression output", () => {
    const scorable = makeScorable(buildLinearRegressor({ coefficients: [1, 2], intercept: 0, featureNames: ["a", "b"] }), { task: "regression" });
    expect(scorable).toMatchObject({ changed: false, outputs: { value: "variable" } });
    expect(makeScorable(buildLinearRegressor({ coefficients: [1, 2], intercept: 0, featureNames: ["a", "b"] })).outputs).toEqual({ value: "variable" });
  });

  it("fails when no output can be read", () => {
    const model = readModel(zipMapClassifier());
    model.graph!.output = model.graph!.output!.filter((o) => o.name === "output_probability");
    model.graph!.node = model.graph!.node!.filter((n) => n.opType !== "ZipMap");
    const bytes = onnx.ModelProto.encode(model).finish();
    expect(() => makeScorable(bytes, { task: "binary" })).toThrow(/no output the runtime can read as class probabilities or labels; outputs: 'output_probability' \(sequence<map<int64,float32>>\)/);
  });
});
