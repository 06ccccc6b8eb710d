import type { onnx } from "onnx-proto";
import { encodeModel } from "@/lib/onnx/build/encode-model";
import { floats, ints, node, str, strs } from "@/lib/onnx/build/nodes";
import {
  classifierLabelAttrs, classLabelsOf, floatInput, plainOutputs, SKL2ONNX_INPUT, SKL2ONNX_OPSETS, SKL2ONNX_PRODUCER, zipMapTail,
} from "@/lib/onnx/build/skl2onnx-style";

/** A decision tree as a node array, root first: go left when x[feature] <= threshold. */
export type TTreeNode =
  | { feature: number; threshold: number; left: number; right: number }
  | { leaf: number[] };

export type TTreeEnsembleClassifierSpec = {
  trees: TTreeNode[][];
  featureNames: string[];
  classLabels: (string | number)[];
  /**
   * Leaf weights are summed over trees, plus `baseValues`, then post-transformed. Binary models
   * carry one weight per leaf (the positive class score), as skl2onnx writes them: a random forest
   * stores P(positive)/n_trees with "NONE", gradient boosting learning_rate * leaf value with
   * "LOGISTIC" and base_values [initial log-odds]. Multiclass leaves carry one weight per class.
   */
  postTransform: "NONE" | "LOGISTIC" | "SOFTMAX";
  baseValues?: number[];
  zipmap: boolean;
  metadata?: Record<string, string>;
};

/** Builds an ai.onnx.ml TreeEnsembleClassifier (+ ZipMap) the way skl2onnx exports tree ensembles. */
export function buildTreeEnsembleClassifier(spec: TTreeEnsembleClassifierSpec): Uint8Array {
  const F = spec.featureNames.length;
  const C = spec.classLabels.length;
  const weightsPerLeaf = C === 2 ? 1 : C;
  const a = {
    nodes_treeids: [] as number[], nodes_nodeids: [] as number[], nodes_featureids: [] as number[], nodes_modes: [] as string[],
    nodes_values: [] as number[], nodes_truenodeids: [] as number[], nodes_falsenodeids: [] as number[],
    nodes_missing_value_tracks_true: [] as number[], nodes_hitrates: [] as number[],
    class_treeids: [] as number[], class_nodeids: [] as number[], class_ids: [] as number[], class_weights: [] as number[],
  };
  spec.trees.forEach((tree, treeId) => {
    tree.forEach((n, nodeId) => {
      a.nodes_treeids.push(treeId);
      a.nodes_nodeids.push(nodeId);
      a.nodes_missing_value_tracks_true.push(0);
      a.nodes_hitrates.push(1);
      if ("leaf" in n) {
        if (n.leaf.length !== weightsPerLeaf) throw new Error(`tree ${treeId} node ${nodeId}: a leaf needs ${weightsPerLeaf} weight(s)`);
        a.nodes_featureids.push(0); a.nodes_modes.push("LEAF"); a.nodes_values.push(0);
        a.nodes_truenodeids.push(0); a.nodes_falsenodeids.push(0);
        n.leaf.forEach((w, classId) => {
          a.class_treeids.push(treeId); a.class_nodeids.push(nodeId); a.class_ids.push(classId); a.class_weights.push(w);
        });
      } else {
        if (n.feature < 0 || n.feature >= F) throw new Error(`tree ${treeId} node ${nodeId}: feature ${n.feature} is out of range`);
        a.nodes_featureids.push(n.feature); a.nodes_modes.push("BRANCH_LEQ"); a.nodes_values.push(n.threshold);
        a.nodes_truenodeids.push(n.left); a.nodes_falsenodeids.push(n.right);
      }
    });
  });

  const labels = classLabelsOf(spec.classLabels);
  const ensemble = node("TreeEnsembleClassifier", [SKL2ONNX_INPUT], ["label", "probabilities"], {
    domain: "ai.onnx.ml",
    attrs: {
      ...(spec.baseValues ? { base_values: floats(spec.baseValues) } : {}),
      class_ids: ints(a.class_ids), class_nodeids: ints(a.class_nodeids), class_treeids: ints(a.class_treeids),
      class_weights: floats(a.class_weights),
      ...classifierLabelAttrs(labels, "classlabels_int64s"),
      nodes_falsenodeids: ints(a.nodes_falsenodeids), nodes_featureids: ints(a.nodes_featureids),
      nodes_hitrates: floats(a.nodes_hitrates), nodes_missing_value_tracks_true: ints(a.nodes_missing_value_tracks_true),
      nodes_modes: strs(a.nodes_modes), nodes_nodeids: ints(a.nodes_nodeids), nodes_treeids: ints(a.nodes_treeids),
      nodes_truenodeids: ints(a.nodes_truenodeids), nodes_values: floats(a.nodes_values),
      post_transform: str(spec.postTransform),
    },
  });
  let graph: onnx.IGraphProto;
  if (spec.zipmap) {
    const tail = zipMapTail(labels, "label", "probabilities");
    graph = { name: "TreeEnsembleClassifier", input: [floatInput(F)], node: [ensemble, ...tail.nodes], output: tail.outputs };
  } else {
    graph = { name: "TreeEnsembleClassifier", input: [floatInput(F)], node: [ensemble], output: plainOutputs(labels, "label", "probabilities", C) };
  }
  return encodeModel({ graph, opsets: { ...SKL2ONNX_OPSETS }, ...SKL2ONNX_PRODUCER, metadata: spec.metadata });
}
