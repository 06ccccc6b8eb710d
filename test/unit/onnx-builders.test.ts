import { describe, expect, it } from "vitest";
import { buildCustomOpModel } from "@/lib/onnx/build/custom-op-model";
import { buildExternalDataModel } from "@/lib/onnx/build/external-data-model";
import { buildLinearRegressor } from "@/lib/onnx/build/linear-regressor";
import { buildLogisticClassifier } from "@/lib/onnx/build/logistic-classifier";
import { buildThrowingModel } from "@/lib/onnx/build/throwing-model";
import { buildTreeEnsembleClassifier } from "@/lib/onnx/build/tree-ensemble-classifier";
import { createInProcessRunner } from "@/lib/onnx/in-process-runner";
import { readModel } from "@/lib/onnx/read-model";

// The builders must produce models onnxruntime-node 1.30 loads and computes as documented.

const X = [[1, 2, 3], [0, 0, 0], [-1, 0.5, 2]];

async function run(bytes: Uint8Array, rows = X) {
  const runner = createInProcessRunner();
  try {
    const info = await runner.createSession(bytes);
    const out = await runner.run([{ name: "float_input", type: "float32", dims: [rows.length, rows[0].length], data: Float32Array.from(rows.flat()) }], info.outputNames);
    return out;
  } finally {
    await runner.close();
  }
}

describe("model builders", () => {
  it("multiclass ml-linear: softmax + L1 normaliser, skl2onnx node layout", async () => {
    const coefficients = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const bytes = buildLogisticClassifier({ coefficients, intercept: [0, 0.5, -0.4], featureNames: ["a", "b", "c"], classLabels: ["x", "y", "z"], zipmap: false, style: "ml-linear" });
    expect(readModel(bytes).graph!.node!.map((n) => n.opType)).toEqual(["LinearClassifier", "Normalizer"]);
    const out = await run(bytes);
    const p = out.probabilities.data as Float32Array;
    X.forEach((row, i) => {
      const z = [row[0], row[1] + 0.5, row[2] - 0.4].map(Math.exp);
      const total = z.reduce((a, b) => a + b, 0);
      z.forEach((e, c) => expect(Math.abs(p[3 * i + c] - e / total)).toBeLessThan(1e-6));
    });
    expect(out.label.data).toEqual(["z", "y", "z"]);
  });

  it("random-forest style trees: averaged positive-class leaves with post_transform NONE", async () => {
    const bytes = buildTreeEnsembleClassifier({
      trees: [
        [{ feature: 0, threshold: 0.5, left: 1, right: 2 }, { leaf: [0.25] }, { leaf: [0.5] }],
        [{ feature: 2, threshold: 1, left: 1, right: 2 }, { leaf: [0.1] }, { leaf: [0.4] }],
      ],
      featureNames: ["a", "b", "c"], classLabels: [0, 1], postTransform: "NONE", zipmap: false,
    });
    const p = (await run(bytes)).probabilities.data as Float32Array;
    [0.9, 0.35, 0.65].forEach((expected, i) => {
      expect(Math.abs(p[2 * i + 1] - expected)).toBeLessThan(1e-6);
      expect(Math.abs(p[2 * i] - (1 - expected))).toBeLessThan(1e-6);
    });
  });

  it.each(["ml-linear", "matmul"] as const)("linear regressor (%s) outputs variable [N, 1]", async (style) => {
    const out = await run(buildLinearRegressor({ coefficients: [1, 2, 3], intercept: 1, featureNames: ["a", "b", "c"], style }));
    expect(out.variable.dims).toEqual([3, 1]);
    expect(Array.from(out.variable.data as Float32Array)).toEqual([15, 1, 7]);
  });

  it("bad fixtures fail in onnxruntime the way they are meant to", async () => {
    await expect(run(buildThrowingModel({ featureCount: 3 }))).rejects.toThrow(/Reshape/);
    await expect(run(buildCustomOpModel({ featureCount: 3 }))).rejects.toThrow(/FancyOp/);
    await expect(run(buildExternalDataModel({ featureCount: 3 }))).rejects.toThrow(/[Ee]xternal data/);
  });

  it("encodes deterministically", () => {
    const spec = { coefficients: [0.1, 0.2], intercept: 0.3, featureNames: ["a", "b"], classLabels: [0, 1], zipmap: true, style: "ml-linear" as const };
    expect(buildLogisticClassifier(spec)).toEqual(buildLogisticClassifier(spec));
  });
});
