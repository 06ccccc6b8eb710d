import type { onnx } from "onnx-proto";
import { DataType, int, ints, node, strs, tensorInfo, zipMapInfo, type TAttrSpec } from "@/lib/onnx/build/nodes";

// What skl2onnx (1.1x, target_opset 17) writes around every classifier, shared by the builders that
// imitate it: producer fields, opsets, the float input, and the ZipMap tail that turns the
// [N, C] probability tensor into `output_probability`, a sequence of {class: probability} maps.

export const SKL2ONNX_PRODUCER = { producerName: "skl2onnx", producerVersion: "1.17.0", domain: "ai.onnx" } as const;
export const SKL2ONNX_OPSETS = { "": 17, "ai.onnx.ml": 1 } as const;
export const SKL2ONNX_INPUT = "float_input";

/** skl2onnx declares the batch dimension as unknown (None), the feature count as fixed. */
export function floatInput(featureCount: number): onnx.IValueInfoProto {
  return tensorInfo(SKL2ONNX_INPUT, DataType.FLOAT, [null, featureCount]);
}

export type TClassLabels = { ints: number[] } | { strings: string[] };

/** Integer labels become classlabels_ints / classlabels_int64s, anything else strings. */
export function classLabelsOf(labels: (string | number)[]): TClassLabels {
  const allInts = labels.every((l) => typeof l === "number" ? Number.isInteger(l) : /^-?\d+$/.test(l));
  return allInts ? { ints: labels.map(Number) } : { strings: labels.map(String) };
}

/**
 * The ZipMap converter's nodes: `label` → `output_label` (Cast to int64, or Identity for strings) and
 * `probabilities` → `output_probability` (ZipMap keyed by the class labels), plus the two outputs.
 */
export function zipMapTail(labels: TClassLabels, labelName: string, probabilitiesName: string) {
  const isInt = "ints" in labels;
  const nodes = [
    isInt
      ? node("Cast", [labelName], ["output_label"], { attrs: { to: int(DataType.INT64) } })
      : node("Identity", [labelName], ["output_label"]),
    node("ZipMap", [probabilitiesName], ["output_probability"], {
      domain: "ai.onnx.ml",
      attrs: isInt ? { classlabels_int64s: ints(labels.ints) } : { classlabels_strings: strs(labels.strings) },
    }),
  ];
  const outputs = [
    tensorInfo("output_label", isInt ? DataType.INT64 : DataType.STRING, [null]),
    zipMapInfo("output_probability", isInt ? "int64" : "string"),
  ];
  return { nodes, outputs };
}

/** With skl2onnx's option zipmap=False the classifier's two tensors are the outputs themselves. */
export function plainOutputs(labels: TClassLabels, labelName: string, probabilitiesName: string, classCount: number) {
  return [
    tensorInfo(labelName, "ints" in labels ? DataType.INT64 : DataType.STRING, [null]),
    tensorInfo(probabilitiesName, DataType.FLOAT, [null, classCount]),
  ];
}

/** The classifier node's own label attribute: LinearClassifier says "ints", trees say "int64s". */
export function classifierLabelAttrs(labels: TClassLabels, intName: "classlabels_ints" | "classlabels_int64s"): Record<string, TAttrSpec> {
  return "ints" in labels ? { [intName]: ints(labels.ints) } : { classlabels_strings: strs(labels.strings) };
}
