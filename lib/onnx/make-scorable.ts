import { onnx } from "onnx-proto";
import { unprocessable } from "@/lib/errors";
import { attrInts, attrStrings, describeType, dimOf } from "@/lib/onnx/proto";
import { readModel } from "@/lib/onnx/read-model";
import type { TOutputSpec, TTask } from "@/lib/onnx/types";

export type TScorable = {
  /** The model to run: new bytes when `changed`, otherwise the original bytes themselves. */
  bytes: Uint8Array;
  changed: boolean;
  outputs: TOutputSpec;
  /** Class labels in probability-column order, when the model states them (ZipMap or classifier node). */
  classLabels?: string[];
  notes: string[];
};

const PROBABILITIES = "probabilities";
const CLASSIFIER_OPS = new Set(["LinearClassifier", "TreeEnsembleClassifier", "SVMClassifier"]);

/**
 * Makes a model's predictions readable by onnxruntime-node and says which outputs hold them.
 *
 * onnxruntime-node cannot return non-tensor values, and skl2onnx's default classifier export ends in
 * a ZipMap whose `output_probability` is a sequence of maps. For that pattern this returns a NEW
 * model without the ZipMap, exposing the [N, C] tensor that fed it as the output `probabilities`
 * (class order = the ZipMap's classlabels). Every other model is returned unchanged, with a
 * description of which tensor outputs hold labels, probabilities or values. The input bytes and the
 * decoded `model` passed in are never modified. Throws an "unprocessable" AppError when no output
 * can be read for the task.
 */
export function makeScorable(bytes: Uint8Array, options: { task?: TTask; model?: onnx.ModelProto } = {}): TScorable {
  const model = options.model ?? readModel(bytes);
  const graph = model.graph!;
  const outputNames = new Set((graph.output ?? []).map((o) => o.name ?? ""));
  const zipMaps = (graph.node ?? []).filter((n) => n.opType === "ZipMap" && n.domain === "ai.onnx.ml" && outputNames.has(n.output?.[0] ?? ""));

  if (zipMaps.length > 1) throw unprocessable(`the model has ${zipMaps.length} ZipMap outputs (a multi-output classifier), which Modelgate cannot score`);
  if (zipMaps.length === 1) {
    if (options.task === "regression") throw unprocessable("the task is regression but the model is a classifier (it outputs class probabilities through a ZipMap)");
    return removeZipMap(model, zipMaps[0]);
  }
  return describeTensorOutputs(bytes, model, options.task);
}

function removeZipMap(model: onnx.ModelProto, zipMap: onnx.INodeProto): TScorable {
  const graph = model.graph!;
  const source = zipMap.input?.[0] ?? "";
  const mapOutput = zipMap.output?.[0] ?? "";
  if ((graph.node ?? []).some((n) => n !== zipMap && (n.input ?? []).includes(mapOutput))) {
    throw unprocessable(`the ZipMap output '${mapOutput}' also feeds other nodes, so it cannot be removed`);
  }
  const classLabels = attrStrings(zipMap, "classlabels_strings") ?? attrInts(zipMap, "classlabels_int64s")?.map(String);

  // Expose the ZipMap's input under the name `probabilities`, unless that name is already taken.
  const taken = new Set<string>();
  for (const n of graph.node ?? []) for (const name of [...(n.input ?? []), ...(n.output ?? [])]) taken.add(name);
  for (const i of [...(graph.input ?? []), ...(graph.initializer ?? [])]) taken.add(i.name ?? "");
  let exposed = source;
  const nodes = (graph.node ?? []).filter((n) => n !== zipMap);
  if (source !== PROBABILITIES) {
    exposed = PROBABILITIES;
    for (let k = 2; taken.has(exposed); k++) exposed = `${PROBABILITIES}_${k}`;
    nodes.push({ opType: "Identity", domain: "", name: `modelgate_expose_${exposed}`, input: [source], output: [exposed] });
  }

  const labelOutput = (graph.output ?? []).find((o) => o.name !== mapOutput && isLabelType(describeType(o.type)) && o.type?.tensorType);
  const batchDim = labelOutput?.type?.tensorType?.shape?.dim?.[0] ?? {};
  const classDim = classLabels ? { dimValue: classLabels.length } : {};
  const outputs = (graph.output ?? []).filter((o) => o.name !== mapOutput);
  outputs.push({ name: exposed, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [batchDim, classDim] } } } });

  // A shallow copy: initializers are shared, not cloned, and nothing in `model` is mutated.
  const rewritten = onnx.ModelProto.create({
    ...model,
    graph: onnx.GraphProto.create({
      ...graph,
      node: nodes,
      output: outputs,
      valueInfo: (graph.valueInfo ?? []).filter((v) => v.name !== mapOutput),
    }),
    metadataProps: [
      ...(model.metadataProps ?? []),
      { key: "modelgate.scorable", value: `removed ZipMap '${zipMap.name ?? ""}'; probabilities exposed as '${exposed}'` },
    ],
  });
  return {
    bytes: onnx.ModelProto.encode(rewritten).finish(),
    changed: true,
    outputs: {
      ...(labelOutput ? { label: labelOutput.name ?? "" } : {}),
      probabilities: exposed,
      probabilityColumns: "per-class",
    },
    ...(classLabels ? { classLabels } : {}),
    notes: [
      `removed the ZipMap node '${zipMap.name ?? ""}' (onnxruntime-node cannot return its sequence of maps) and exposed ${source === exposed ? `its input '${source}' as a graph output` : `its input '${source}' as '${exposed}'`}`,
    ],
  };
}

function describeTensorOutputs(bytes: Uint8Array, model: onnx.ModelProto, task: TTask | undefined): TScorable {
  const graph = model.graph!;
  const all = (graph.output ?? []).map((o) => ({ name: o.name ?? "", type: describeType(o.type), tensor: o.type?.tensorType ?? null }));
  const tensors = all.filter((o) => o.tensor);
  const notes = all.filter((o) => !o.tensor).map((o) => `output '${o.name}' (${o.type}) is not a tensor and is never fetched`);
  const floats = tensors.filter((o) => o.type === "float32" || o.type === "float64");
  const label = tensors.find((o) => isLabelType(o.type) && /label|class|pred/i.test(o.name)) ?? tensors.find((o) => isLabelType(o.type));
  const probability = floats.find((o) => /prob|score/i.test(o.name)) ?? (floats.length === 1 ? floats[0] : undefined);
  const classLabels = classifierLabels(graph);
  const looksLikeClassifier = Boolean(label) || Boolean(classLabels) || floats.some((o) => /prob/i.test(o.name));
  const effectiveTask: TTask = task ?? (looksLikeClassifier ? "binary" : "regression");
  const unreadable = all.map((o) => `'${o.name}' (${o.type})`).join(", ");

  if (effectiveTask === "regression") {
    const value = floats.find((o) => o.name === "variable") ?? floats.find((o) => !/prob/i.test(o.name)) ?? floats[0];
    if (!value) throw unprocessable(`no output the runtime can read as a regression value (a float tensor); outputs: ${unreadable}`);
    return { bytes, changed: false, outputs: { value: value.name }, notes };
  }

  if (!probability && !label) {
    throw unprocessable(`no output the runtime can read as class probabilities or labels; outputs: ${unreadable}`);
  }
  const outputs: TOutputSpec = {};
  if (label) outputs.label = label.name;
  if (probability) {
    const dims = probability.tensor?.shape?.dim ?? [];
    const single = dims.length === 1 || (dims.length === 2 && dimOf(dims[1]) === 1);
    outputs.probabilities = probability.name;
    outputs.probabilityColumns = single ? "positive" : "per-class";
  } else {
    notes.push("the model outputs labels only, so probability metrics (ROC AUC, log loss) cannot be computed");
  }
  return { bytes, changed: false, outputs, ...(classLabels ? { classLabels } : {}), notes };
}

function isLabelType(type: string): boolean {
  return type === "int64" || type === "int32" || type === "string";
}

// Without a ZipMap the class order is still stated by the ai.onnx.ml classifier node, if there is one.
function classifierLabels(graph: onnx.IGraphProto): string[] | undefined {
  const classifiers = (graph.node ?? []).filter((n) => n.domain === "ai.onnx.ml" && CLASSIFIER_OPS.has(n.opType ?? ""));
  if (classifiers.length !== 1) return undefined;
  const n = classifiers[0];
  return attrStrings(n, "classlabels_strings") ?? (attrInts(n, "classlabels_ints") ?? attrInts(n, "classlabels_int64s"))?.map(String);
}
