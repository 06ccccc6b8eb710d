import { onnx } from "onnx-proto";
import { describe, expect, it } from "vitest";
import { buildHangingModel } from "@/lib/onnx/build/hanging-model";
import { buildLinearRegressor } from "@/lib/onnx/build/linear-regressor";
import { buildLogisticClassifier } from "@/lib/onnx/build/logistic-classifier";
import { buildTreeEnsembleClassifier } from "@/lib/onnx/build/tree-ensemble-classifier";
import { readModel } from "@/lib/onnx/read-model";
import { extractSignature } from "@/lib/onnx/signature";

const features = ["a", "b", "c", "d"];

describe("extractSignature", () => {
  it("reads an skl2onnx-style classifier: inputs, ZipMap output type, opsets, producer", () => {
    const bytes = buildLogisticClassifier({ coefficients: [1, 2, 3, 4], intercept: 0.5, featureNames: features, classLabels: [0, 1], zipmap: true, style: "ml-linear" });
    const sig = extractSignature(readModel(bytes));
    expect(sig).toMatchObject({
      irVersion: 8,
      producerName: "skl2onnx",
      producerVersion: "1.17.0",
      domain: "ai.onnx",
      modelVersion: 0,
      opsetImports: [{ domain: "", version: 17 }, { domain: "ai.onnx.ml", version: 1 }],
      inputs: [{ name: "float_input", elemType: "float32", isTensor: true, shape: [null, 4], shapeKnown: true }],
      outputs: [
        { name: "output_label", elemType: "int64", isTensor: true, shape: [null] },
        { name: "output_probability", elemType: "sequence<map<int64,float32>>", isTensor: false, shape: [] },
      ],
      operatorDomains: ["", "ai.onnx.ml"],
      operatorTypes: ["Cast", "ai.onnx.ml:LinearClassifier", "ai.onnx.ml:ZipMap"],
      nodeCount: 3,
      initializerCount: 0,
    });
  });

  it("names string-keyed ZipMap outputs", () => {
    const bytes = buildTreeEnsembleClassifier({
      trees: [[{ feature: 0, threshold: 1, left: 1, right: 2 }, { leaf: [-1] }, { leaf: [1] }]],
      featureNames: ["x"], classLabels: ["lost", "won"], postTransform: "LOGISTIC", zipmap: true,
    });
    const sig = extractSignature(readModel(bytes));
    expect(sig.outputs.map((o) => o.elemType)).toEqual(["string", "sequence<map<string,float32>>"]);
  });

  it("is plain JSON", () => {
    const sig = extractSignature(readModel(buildLinearRegressor({ coefficients: [1, 2], intercept: 3, featureNames: ["a", "b"], metadata: { feature_names: "a,b" } })));
    expect(JSON.parse(JSON.stringify(sig))).toEqual(sig);
    expect(sig.metadataProps).toEqual({ feature_names: "a,b" });
    expect(sig.outputs[0]).toMatchObject({ name: "variable", elemType: "float32", shape: [null, 1] });
  });

  it("leaves out graph inputs that are initializers (IR 3 lists weights as inputs)", () => {
    const bytes = onnx.ModelProto.encode({
      irVersion: 3,
      opsetImport: [{ domain: "", version: 9 }],
      graph: {
        name: "old",
        input: [
          { name: "x", type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: "batch" }, { dimValue: 2 }] } } } },
          { name: "w", type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }, { dimValue: 1 }] } } } },
        ],
        initializer: [{ name: "w", dataType: 1, dims: [2, 1], floatData: [1, 1] }],
        node: [{ opType: "MatMul", input: ["x", "w"], output: ["y"] }],
        output: [{ name: "y", type: { tensorType: { elemType: 1 } } }],
      },
    }).finish();
    const sig = extractSignature(readModel(bytes));
    expect(sig.inputs).toEqual([{ name: "x", elemType: "float32", isTensor: true, shape: ["batch", 2], shapeKnown: true }]);
    expect(sig.outputs[0]).toMatchObject({ shape: [], shapeKnown: false });
    expect(sig.initializerCount).toBe(1);
  });

  it("counts nodes and initializers inside subgraphs", () => {
    const sig = extractSignature(readModel(buildHangingModel()));
    expect(sig.operatorTypes).toEqual(["Add", "Identity", "Loop", "ReduceSum"]);
    expect(sig.nodeCount).toBe(5);
    expect(sig.initializerCount).toBe(5);
  });
});
