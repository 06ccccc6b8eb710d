import { describe, expect, it } from "vitest";
import { buildHeavyClassifier, type THeavyClassifierSpec } from "@/lib/onnx/build/heavy-classifier";
import { rocAuc } from "@/lib/onnx/demo/metrics";
import { createRng } from "@/lib/onnx/demo/prng";
import { createInProcessRunner } from "@/lib/onnx/in-process-runner";
import { makeScorable } from "@/lib/onnx/make-scorable";
import { readModel } from "@/lib/onnx/read-model";

// The heavy classifier exists to make an evaluation last long enough to watch; these tests pin that
// it is still a well-formed binary classifier Modelgate can score, computing what it says it does.

const COEF = [0.9, -0.7, 0.6, -0.5, 0.4, 0.3, -0.2, 0.1];
const SPEC: THeavyClassifierSpec = { featureNames: COEF.map((_, i) => `f${i}`), coefficients: COEF, intercept: -0.2, depth: 6, width: 64, seed: 3 };

function sampleRows(n: number, seed: number) {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, () => COEF.map(() => rng.normal()));
  const logits = rows.map((r) => r.reduce((s, v, j) => s + v * COEF[j], -0.2));
  const labels = logits.map((z) => rng.bernoulli(1 / (1 + Math.exp(-z))));
  return { rows, labels };
}

async function score(bytes: Uint8Array, rows: number[][]) {
  const runner = createInProcessRunner();
  try {
    await runner.createSession(bytes);
    const out = await runner.run([{ name: "float_input", type: "float32", dims: [rows.length, rows[0].length], data: Float32Array.from(rows.flat()) }], ["probabilities"]);
    return out.probabilities;
  } finally {
    await runner.close();
  }
}

// The documented forward pass in float64, with the weights read back from the file.
function reference(bytes: Uint8Array, row: number[], depth: number): number {
  const init = new Map((readModel(bytes).graph!.initializer ?? []).map((t) => [t.name!, { dims: (t.dims ?? []).map(Number), data: t.floatData ?? [] }]));
  const matVec = (x: number[], name: string) => {
    const { dims, data } = init.get(name)!;
    return Array.from({ length: dims[1] }, (_, c) => x.reduce((s, v, r) => s + v * data[r * dims[1] + c], 0));
  };
  let h = matVec(row, "w_in").map(Math.tanh);
  for (let k = 0; k < depth; k++) {
    const t = matVec(h, "w_hidden").map(Math.tanh);
    h = h.map((v, i) => v + t[i] / depth);
  }
  const logit = matVec(row, "coef")[0] + matVec(h, "w_out")[0] + init.get("intercept")!.data[0];
  return 1 / (1 + Math.exp(-logit));
}

describe("buildHeavyClassifier", () => {
  it("is a binary classifier intake can read: one probability column, the model unchanged", () => {
    const bytes = buildHeavyClassifier(SPEC);
    const scorable = makeScorable(bytes, { task: "binary" });
    expect(scorable.changed).toBe(false);
    expect(scorable.outputs).toEqual({ probabilities: "probabilities", probabilityColumns: "positive" });
  });

  it("computes sigmoid(x·coef + intercept + residual tower) as documented", async () => {
    const bytes = buildHeavyClassifier(SPEC);
    const { rows } = sampleRows(5, 11);
    const out = await score(bytes, rows);
    expect(out.dims).toEqual([5, 1]);
    rows.forEach((row, i) => expect(Math.abs((out.data as Float32Array)[i] - reference(bytes, row, SPEC.depth))).toBeLessThan(1e-5));
  });

  it("ranks labels drawn from its wide part well, with probabilities that are not saturated", async () => {
    const { rows, labels } = sampleRows(2000, 5);
    const p = Array.from((await score(buildHeavyClassifier({ ...SPEC, width: 256, depth: 12 }), rows)).data as Float32Array);
    expect(rocAuc(labels, p)).toBeGreaterThan(0.75);
    const sorted = [...p].sort((a, b) => a - b);
    expect(sorted[Math.floor(p.length * 0.05)]).toBeGreaterThan(0.01);
    expect(sorted[Math.floor(p.length * 0.95)]).toBeLessThan(0.99);
  });

  it("reuses one weight matrix across the tower, so depth adds compute but hardly any bytes", () => {
    const depth = 320;
    const bytes = buildHeavyClassifier({ ...SPEC, width: 256, depth });
    const graph = readModel(bytes).graph!;
    const hidden = graph.node!.filter((n) => n.opType === "MatMul" && n.input![1] === "w_hidden");
    expect(hidden).toHaveLength(depth);
    expect(graph.initializer!.map((t) => t.name)).toEqual(["coef", "intercept", "w_in", "w_hidden", "step", "w_out"]);
    expect(bytes.length).toBeLessThan(400 * 1024);
  });

  it("encodes deterministically; the seed changes the deep part", () => {
    expect(buildHeavyClassifier(SPEC)).toEqual(buildHeavyClassifier(SPEC));
    expect(buildHeavyClassifier({ ...SPEC, seed: 4 })).not.toEqual(buildHeavyClassifier(SPEC));
  });

  it("refuses a spec it cannot build", () => {
    expect(() => buildHeavyClassifier({ ...SPEC, coefficients: [1, 2] })).toThrow(/expected 8 coefficients/);
    expect(() => buildHeavyClassifier({ ...SPEC, depth: 0 })).toThrow(/depth must be a positive integer/);
  });
});
