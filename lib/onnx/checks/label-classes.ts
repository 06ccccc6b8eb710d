import type { TCheckOutcome, TDeclared, TOutputSpec, TTask } from "@/lib/onnx/types";

/**
 * Compares the class labels the model states (ZipMap or classifier attributes) with what the
 * uploader declared and with the task. Labels compare as strings: a model with int64 labels 0/1
 * matches a declaration of "0"/"1". Order may differ: probability columns follow the model's order,
 * which is the order returned. Regression models must not look like classifiers and vice versa.
 */
export function checkLabelClasses(input: {
  task: TTask;
  outputs: TOutputSpec;
  modelLabels: string[] | undefined;
  declared: TDeclared;
}): TCheckOutcome<{ classLabels: string[] | undefined }> {
  const { task, outputs, modelLabels, declared } = input;
  if (task === "regression") {
    if (!outputs.value) return { ok: false, message: "the task is regression but the model has no float output to read as the predicted value" };
    return { ok: true, message: `regression value read from '${outputs.value}'`, value: { classLabels: undefined } };
  }
  if (!outputs.probabilities && !outputs.label) {
    return { ok: false, message: `the task is ${task} but the model has no class probability or label output` };
  }

  const declaredLabels = declared.labelClasses;
  if (modelLabels && declaredLabels.length > 0) {
    const a = [...modelLabels].sort();
    const b = [...declaredLabels].sort();
    if (a.length !== b.length || a.some((v, i) => v !== b[i])) {
      return {
        ok: false,
        message: `the model's class labels [${modelLabels.join(", ")}] do not match the declared label classes [${declaredLabels.join(", ")}]`,
        details: { modelLabels, declaredLabels },
      };
    }
  }
  const labels = modelLabels ?? (declaredLabels.length > 0 ? declaredLabels : undefined);
  if (labels && task === "binary" && labels.length !== 2) {
    return { ok: false, message: `the task is binary but the model has ${labels.length} classes (${labels.join(", ")})`, details: { labels } };
  }
  if (labels && task === "multiclass" && labels.length < 3) {
    return { ok: false, message: `the task is multiclass but the model has only ${labels.length} classes (${labels.join(", ")}); register it as binary`, details: { labels } };
  }
  if (declared.positiveClass !== null && labels && !labels.includes(declared.positiveClass)) {
    return { ok: false, message: `the declared positive class '${declared.positiveClass}' is not one of the class labels [${labels.join(", ")}]`, details: { labels } };
  }
  const where = [
    outputs.probabilities ? `probabilities in '${outputs.probabilities}'` : null,
    outputs.label ? `labels in '${outputs.label}'` : null,
  ].filter(Boolean).join(", ");
  const classes = labels ? `; classes ${labels.join(", ")}${modelLabels ? "" : " (declared)"}` : "";
  return { ok: true, message: `${where}${classes}`, value: { classLabels: labels } };
}
