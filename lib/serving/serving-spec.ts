import { conflict, unprocessable } from "@/lib/errors";
import type { TSignature, TTask } from "@/lib/onnx/types";
import { artifactPath } from "@/lib/storage/artifact-store";
import type { TFeatureSchemaDto } from "@/lib/versions/get-version";
import type { TFeatureKind, TServingSpec, TServingVersionRow } from "@/lib/serving/types";

const KINDS = new Set<TFeatureKind>(["float32", "float64", "int32", "int64", "string"]);

/**
 * What serve needs from a version row, read the way run-evaluation.ts reads it for the evaluation
 * sandbox (scorable artifact, feature schema, input types, outputs, classes), so a version scores
 * the same online as in its evaluation. Throws 409 for a version that has not passed intake and 422
 * for one serve cannot feed.
 */
export function toServingSpec(row: TServingVersionRow, task: TTask): TServingSpec {
  if (row.intakeStatus !== "PASSED") throw conflict(`v${row.number} has not passed intake (intake ${row.intakeStatus.toLowerCase()}); it cannot serve predictions`);
  const schema = row.featureSchema as TFeatureSchemaDto | null;
  const signature = row.signature as TSignature | null;
  if (!schema?.outputs || !signature) throw unprocessable(`v${row.number} has no feature schema; re-run its intake`);
  const inputTypes = Object.fromEntries(signature.inputs.map((i) => [i.name, i.elemType]));
  const features = schema.features.map((f) => {
    const kind = (schema.layout === "matrix" ? inputTypes[schema.inputName ?? ""] : inputTypes[f.name]) ?? f.type;
    if (!KINDS.has(kind as TFeatureKind)) throw unprocessable(`v${row.number} takes feature '${f.name}' as ${kind}; serve feeds ${[...KINDS].join(", ")} only`);
    return { name: f.name, kind: kind as TFeatureKind };
  });
  return {
    versionId: row.id,
    modelId: row.modelId,
    number: row.number,
    task,
    modelPath: artifactPath(row.scoringKey ?? row.storageKey),
    featureSchema: { layout: schema.layout, inputName: schema.inputName, features: schema.features },
    inputTypes,
    features,
    outputs: schema.outputs,
    classLabels: schema.labelClasses ?? row.labelClasses,
    positiveClass: schema.positiveClass ?? row.positiveClass,
    threshold: decisionThreshold(row.params),
  };
}

// A version may carry its own cut-off in its metadata params (`threshold`, else `decision_threshold`,
// 0 < t < 1; the keys the what-if page reads too); otherwise 0.5, the threshold evaluation reports
// its confusion matrix at.
function decisionThreshold(params: unknown): number {
  const p = (params ?? {}) as Record<string, unknown>;
  const t = [p.threshold, p.decision_threshold].find((x): x is number => typeof x === "number" && x > 0 && x < 1);
  return t ?? 0.5;
}
