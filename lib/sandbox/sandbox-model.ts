import type { ModelTask } from "@/lib/generated/prisma/enums";
import type { TFeatureSchema, TOutputSpec, TSignature, TTask } from "@/lib/onnx/types";
import { artifactPath } from "@/lib/storage/artifact-store";
import type { TFeatureSchemaDto } from "@/lib/versions/get-version";

const TASKS = { BINARY: "binary", MULTICLASS: "multiclass", REGRESSION: "regression" } as const;

export type TSandboxModel = {
  modelPath: string;
  task: TTask;
  featureSchema: TFeatureSchema;
  /** Element type of each graph input the features are fed through, by input name. */
  inputTypes: Record<string, string>;
  outputs: TOutputSpec;
  classLabels: string[];
  positiveClass: string | null;
  threshold: number;
  batchSize: number;
};

/**
 * How a sandbox (evaluation, batch scoring) runs a version that passed intake: the scorable graph,
 * its features and outputs as intake read them, labels, threshold 0.5 and batches of 1,024.
 */
export function sandboxModel(
  version: { storageKey: string; scoringKey: string | null; labelClasses: string[]; positiveClass: string | null },
  task: ModelTask,
  schema: TFeatureSchemaDto & { outputs: TOutputSpec },
  signature: TSignature,
): TSandboxModel {
  return {
    modelPath: artifactPath(version.scoringKey ?? version.storageKey),
    task: TASKS[task],
    featureSchema: { layout: schema.layout, inputName: schema.inputName, features: schema.features },
    inputTypes: Object.fromEntries(signature.inputs.map((i) => [i.name, i.elemType])),
    outputs: schema.outputs,
    classLabels: schema.labelClasses ?? version.labelClasses,
    positiveClass: schema.positiveClass ?? version.positiveClass,
    threshold: 0.5,
    batchSize: 1024,
  };
}
