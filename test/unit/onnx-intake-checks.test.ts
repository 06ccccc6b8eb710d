import { describe, expect, it } from "vitest";
import { checkLabelClasses } from "@/lib/onnx/checks/label-classes";
import { checkSmokeOutputs } from "@/lib/onnx/checks/smoke-outputs";
import type { TFetched } from "@/lib/onnx/inference-runner";
import { INTAKE_CHECKS } from "@/lib/onnx/intake";
import { SMOKE_BATCH, syntheticFeeds } from "@/lib/onnx/synthetic-feeds";
import type { TSignature, TValueInfo } from "@/lib/onnx/types";

const declared = (labelClasses: string[] = [], positiveClass: string | null = null) => ({ features: [], labelClasses, positiveClass });
const classifierOutputs = { label: "output_label", probabilities: "probabilities", probabilityColumns: "per-class" as const };

function probs(rows: number[][]): TFetched {
  return { type: "float32", dims: [rows.length, rows[0].length], data: Float32Array.from(rows.flat()) };
}
const labels = (n: number): TFetched => ({ type: "int64", dims: [n], data: new BigInt64Array(n) });

describe("INTAKE_CHECKS", () => {
  it("lists the eight checks in order with their labels", () => {
    expect(INTAKE_CHECKS.map((c) => c.key)).toEqual(["format", "external_data", "operators", "signature", "scorable", "session", "smoke", "features"]);
    expect(INTAKE_CHECKS[0].label).toBe("Valid ONNX file");
    expect(INTAKE_CHECKS[7].label).toBe("Declared features match inputs");
  });
});

describe("checkLabelClasses", () => {
  it("accepts model labels that match the declaration as strings, in any order", () => {
    const outcome = checkLabelClasses({ task: "binary", outputs: classifierOutputs, modelLabels: ["0", "1"], declared: declared(["1", "0"], "1") });
    expect(outcome.ok && outcome.value.classLabels).toEqual(["0", "1"]);
  });

  it("fails when the ZipMap labels and the declared classes differ", () => {
    const outcome = checkLabelClasses({ task: "binary", outputs: classifierOutputs, modelLabels: ["0", "1"], declared: declared(["no", "yes"], "yes") });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toBe("the model's class labels [0, 1] do not match the declared label classes [no, yes]");
  });

  it("fails on a positive class that is not a label, and on a class count the task cannot have", () => {
    expect(checkLabelClasses({ task: "binary", outputs: classifierOutputs, modelLabels: ["lost", "won"], declared: declared([], "yes") }).message).toMatch(/positive class 'yes' is not one of the class labels \[lost, won\]/);
    expect(checkLabelClasses({ task: "binary", outputs: classifierOutputs, modelLabels: ["a", "b", "c"], declared: declared() }).message).toMatch(/task is binary but the model has 3 classes/);
    expect(checkLabelClasses({ task: "multiclass", outputs: classifierOutputs, modelLabels: ["a", "b"], declared: declared() }).message).toMatch(/only 2 classes/);
  });

  it("uses declared classes when the model states none", () => {
    const outcome = checkLabelClasses({ task: "binary", outputs: { probabilities: "probability", probabilityColumns: "positive" }, modelLabels: undefined, declared: declared(["neg", "pos"], "pos") });
    expect(outcome.ok && outcome.value.classLabels).toEqual(["neg", "pos"]);
  });

  it("requires a value output for regression and a class output for classifiers", () => {
    expect(checkLabelClasses({ task: "regression", outputs: { label: "output_label" }, modelLabels: undefined, declared: declared() }).ok).toBe(false);
    expect(checkLabelClasses({ task: "binary", outputs: { value: "variable" }, modelLabels: undefined, declared: declared() }).ok).toBe(false);
  });
});

describe("checkSmokeOutputs", () => {
  const expect2 = { task: "binary" as const, outputs: classifierOutputs, batch: 2, classCount: 2 };

  it("passes one probability row per input row, summing to 1", () => {
    const outcome = checkSmokeOutputs({ output_label: labels(2), probabilities: probs([[0.2, 0.8], [0.9, 0.1]]) }, expect2);
    expect(outcome.ok && outcome.value.probabilityColumns).toBe("per-class");
  });

  it("settles a single column as the positive-class probability", () => {
    const outcome = checkSmokeOutputs({ probability: probs([[0.3], [0.7]]) }, { ...expect2, outputs: { probabilities: "probability", probabilityColumns: "per-class" } });
    expect(outcome.ok && outcome.value.probabilityColumns).toBe("positive");
  });

  it.each([
    ["values outside [0, 1]", { probabilities: probs([[-2, 3], [0.5, 0.5]]) }, /2 value\(s\) outside \[0, 1\]/],
    ["rows not summing to 1", { probabilities: probs([[0.2, 0.2], [0.5, 0.5]]) }, /row 0 of 'probabilities' sum to 0\.4000, not 1/],
    ["NaN", { probabilities: probs([[Number.NaN, 1], [0.5, 0.5]]) }, /not finite/],
    ["a column per class missing", { probabilities: probs([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]) }, /has 3 columns but there are 2 label classes/],
    ["the wrong number of rows", { probabilities: probs([[0.2, 0.8]]) }, /shape \[1, 2\] for 2 input rows/],
    ["an output not returned", {}, /output 'probabilities' was not returned/],
  ])("fails on %s", (_name, fetched, message) => {
    const outcome = checkSmokeOutputs(fetched as Record<string, TFetched>, { ...expect2, outputs: { probabilities: "probabilities", probabilityColumns: "per-class" } });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(message);
  });

  it("checks regression values are finite and one per row", () => {
    const ok = checkSmokeOutputs({ variable: { type: "float32", dims: [2, 1], data: Float32Array.from([1, 2]) } }, { task: "regression", outputs: { value: "variable" }, batch: 2, classCount: 0 });
    expect(ok.ok).toBe(true);
    const bad = checkSmokeOutputs({ variable: { type: "float32", dims: [2, 1], data: Float32Array.from([1, Infinity]) } }, { task: "regression", outputs: { value: "variable" }, batch: 2, classCount: 0 });
    expect(bad.message).toMatch(/1 value\(s\) that are not finite/);
  });
});

describe("syntheticFeeds", () => {
  const sig = (inputs: TValueInfo[]) => ({ inputs }) as TSignature;

  it("feeds the smoke batch with the declared width for a dynamic matrix, deterministically", () => {
    const feeds = syntheticFeeds(sig([{ name: "x", elemType: "float32", isTensor: true, shape: [null, "F"], shapeKnown: true }]), 6);
    expect(feeds[0].dims).toEqual([SMOKE_BATCH, 6]);
    expect(feeds[0].data).toEqual(syntheticFeeds(sig([{ name: "x", elemType: "float32", isTensor: true, shape: [null, "F"], shapeKnown: true }]), 6)[0].data);
    expect(new Set(feeds[0].data as Float32Array).size).toBeGreaterThan(10);
  });

  it("builds typed data for every feedable type, one column per input when there are several", () => {
    const types = ["float32", "float64", "float16", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "bool", "string"];
    const feeds = syntheticFeeds(sig(types.map((t) => ({ name: t, elemType: t, isTensor: true, shape: [null, null], shapeKnown: true }))), 0);
    for (const f of feeds) {
      expect(f.dims).toEqual([SMOKE_BATCH, 1]);
      expect(f.data.length).toBe(SMOKE_BATCH);
    }
    expect(feeds.find((f) => f.type === "int64")?.data).toBeInstanceOf(BigInt64Array);
    expect(feeds.find((f) => f.type === "string")?.data).toEqual(["value_0", "value_1", "value_2", "value_3"]);
  });
});
