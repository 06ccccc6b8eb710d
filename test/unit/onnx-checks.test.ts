import { onnx } from "onnx-proto";
import { describe, expect, it } from "vitest";
import { buildCustomOpModel } from "@/lib/onnx/build/custom-op-model";
import { buildExternalDataModel } from "@/lib/onnx/build/external-data-model";
import { buildLogisticClassifier } from "@/lib/onnx/build/logistic-classifier";
import { checkDeclaredFeatures } from "@/lib/onnx/checks/declared-features";
import { checkExternalData } from "@/lib/onnx/checks/external-data";
import { checkFeedableInputs } from "@/lib/onnx/checks/feedable-inputs";
import { checkOperatorDomains } from "@/lib/onnx/checks/operator-domains";
import { readModel } from "@/lib/onnx/read-model";
import { extractSignature } from "@/lib/onnx/signature";
import type { TSignature, TValueInfo } from "@/lib/onnx/types";

const classifier = () => readModel(buildLogisticClassifier({ coefficients: [1, 2, 3, 4], intercept: 0, featureNames: ["a", "b", "c", "d"], classLabels: [0, 1], zipmap: true, style: "ml-linear" }));

function tensor(name: string, elemType: string, shape: TValueInfo["shape"]): TValueInfo {
  return { name, elemType, isTensor: true, shape, shapeKnown: true };
}

function signatureWith(inputs: TValueInfo[], metadataProps: Record<string, string> = {}): TSignature {
  return { ...extractSignature(classifier()), inputs, metadataProps };
}

function failureOf(outcome: { ok: boolean; message: string }): string {
  expect(outcome.ok).toBe(false);
  return outcome.message;
}

describe("checkExternalData", () => {
  it("passes a self-contained model", () => {
    expect(checkExternalData(classifier()).ok).toBe(true);
  });

  it("fails naming an external initializer and its file", () => {
    const message = failureOf(checkExternalData(readModel(buildExternalDataModel())));
    expect(message).toMatch(/initializer 'coef' \(in 'weights.bin'\)/);
  });

  it("fails naming a Constant node's external tensor", () => {
    const message = failureOf(checkExternalData(readModel(buildExternalDataModel({ where: "constant" }))));
    expect(message).toMatch(/attribute 'value' of Constant node/);
  });

  it("fails on data_location EXTERNAL even without external_data entries", () => {
    const model = classifier();
    model.graph!.initializer = [{ name: "w", dataType: 1, dims: [1], dataLocation: onnx.TensorProto.DataLocation.EXTERNAL }];
    expect(failureOf(checkExternalData(model))).toMatch(/initializer 'w'/);
  });
});

describe("checkOperatorDomains", () => {
  it("allows the default and ai.onnx.ml domains", () => {
    expect(checkOperatorDomains(classifier()).ok).toBe(true);
  });

  it("fails naming the custom domain and op type", () => {
    const outcome = checkOperatorDomains(readModel(buildCustomOpModel()));
    expect(failureOf(outcome)).toBe("the model uses operators from custom domain com.example.custom (FancyOp); only the standard domains ai.onnx and ai.onnx.ml are allowed");
    expect(outcome.details).toEqual({ domains: { "com.example.custom": ["FancyOp"] } });
  });

  it("finds custom operators hidden in a subgraph", () => {
    const model = classifier();
    model.graph!.node!.push({
      opType: "If", input: ["cond"], output: ["z"],
      attribute: [{ name: "then_branch", type: 5, g: { name: "t", node: [{ opType: "Secret", domain: "com.acme", output: ["z"] }], output: [{ name: "z" }] } }],
    });
    expect(failureOf(checkOperatorDomains(model))).toMatch(/com\.acme \(Secret\)/);
  });
});

describe("checkFeedableInputs", () => {
  it("passes float, int64, string and bool tensors", () => {
    const sig = signatureWith([tensor("x", "float32", [null, 2]), tensor("n", "int64", [null]), tensor("s", "string", [null]), tensor("b", "bool", [null])]);
    expect(checkFeedableInputs(sig).ok).toBe(true);
  });

  it("fails naming the input and its type", () => {
    const sig = signatureWith([tensor("x", "float32", [null, 2]), tensor("half_brain", "bfloat16", [null, 3])]);
    expect(failureOf(checkFeedableInputs(sig))).toMatch(/^input 'half_brain' has type bfloat16; the runtime can only be fed tensors of float32/);
  });

  it("fails on non-tensor inputs and on models without inputs", () => {
    const seq: TValueInfo = { name: "rows", elemType: "sequence<map<string,float32>>", isTensor: false, shape: [], shapeKnown: false };
    expect(failureOf(checkFeedableInputs(signatureWith([seq])))).toMatch(/input 'rows' has type sequence<map<string,float32>> \(not a tensor\)/);
    expect(failureOf(checkFeedableInputs(signatureWith([])))).toBe("the model has no inputs to feed");
  });
});

describe("checkDeclaredFeatures", () => {
  const matrix = [tensor("float_input", "float32", [null, 4])];

  it("accepts declared features matching a fixed-width matrix input", () => {
    const outcome = checkDeclaredFeatures(signatureWith(matrix), ["a", "b", "c", "d"]);
    expect(outcome.ok && outcome.value).toEqual({
      layout: "matrix", inputName: "float_input",
      features: ["a", "b", "c", "d"].map((name) => ({ name, type: "float32" })),
    });
  });

  it("names the mismatch in width", () => {
    expect(failureOf(checkDeclaredFeatures(signatureWith(matrix), ["a", "b", "c", "d", "e"]))).toBe("declared 5 features but input 'float_input' has width 4");
  });

  it("takes any number of declared features for a dynamic width", () => {
    const outcome = checkDeclaredFeatures(signatureWith([tensor("x", "float64", ["batch", "width"])]), ["p", "q"]);
    expect(outcome.ok && outcome.value.features).toEqual([{ name: "p", type: "float64" }, { name: "q", type: "float64" }]);
  });

  it("derives names from metadata feature_names, JSON or comma list", () => {
    const json = checkDeclaredFeatures(signatureWith(matrix, { feature_names: '["w","x","y","z"]' }), []);
    expect(json.ok && json.value.features.map((f) => f.name)).toEqual(["w", "x", "y", "z"]);
    const list = checkDeclaredFeatures(signatureWith(matrix, { feature_names: "w, x, y, z" }), []);
    expect(list.ok && list.value.features.map((f) => f.name)).toEqual(["w", "x", "y", "z"]);
    expect(failureOf(checkDeclaredFeatures(signatureWith(matrix, { feature_names: "w,x" }), []))).toBe("the model's metadata lists 2 feature_names but input 'float_input' has width 4");
  });

  it("generates f0..f{F-1} without declared or metadata names", () => {
    const outcome = checkDeclaredFeatures(signatureWith(matrix), []);
    expect(outcome.ok && outcome.value.features.map((f) => f.name)).toEqual(["f0", "f1", "f2", "f3"]);
  });

  it("fails for a dynamic width with nothing declared", () => {
    expect(failureOf(checkDeclaredFeatures(signatureWith([tensor("x", "float32", [null, "F"])]), []))).toMatch(/dynamic width.*declare the feature names/);
  });

  it("accepts one input per feature, in declared order", () => {
    const inputs = [tensor("amount", "float32", [null, 1]), tensor("country", "string", [null, 1]), tensor("age", "int64", [null])];
    const outcome = checkDeclaredFeatures(signatureWith(inputs), ["age", "amount", "country"]);
    expect(outcome.ok && outcome.value).toEqual({
      layout: "columns",
      features: [{ name: "age", type: "int64" }, { name: "amount", type: "float32" }, { name: "country", type: "string" }],
    });
    const undeclared = checkDeclaredFeatures(signatureWith(inputs), []);
    expect(undeclared.ok && undeclared.value.features.map((f) => f.name)).toEqual(["amount", "country", "age"]);
  });

  it("names missing and extra column inputs", () => {
    const inputs = [tensor("amount", "float32", [null, 1]), tensor("country", "string", [null, 1])];
    expect(failureOf(checkDeclaredFeatures(signatureWith(inputs), ["amount", "city"]))).toBe(
      "declared 2 features but the model has 2 inputs (one per feature) that do not match: declared features with no input of that name: city; model inputs not declared: country",
    );
  });

  it("treats a single [N, 1] input named like the one declared feature as a column", () => {
    const outcome = checkDeclaredFeatures(signatureWith([tensor("amount", "float32", [null, 1])]), ["amount"]);
    expect(outcome.ok && outcome.value.layout).toBe("columns");
  });

  it("refuses inputs that are not tabular", () => {
    expect(failureOf(checkDeclaredFeatures(signatureWith([tensor("image", "float32", [null, 3, 224, 224])]), []))).toMatch(/'image' has shape \[\?, 3, 224, 224\]; expected one \[N, F\] input/);
    expect(failureOf(checkDeclaredFeatures(signatureWith([tensor("a", "float32", [null, 3]), tensor("b", "float32", [null, 1])]), []))).toMatch(/'a' has shape \[\?, 3\]/);
  });
});
