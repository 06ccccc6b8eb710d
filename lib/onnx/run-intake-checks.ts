import fs from "node:fs/promises";
import type { onnx } from "onnx-proto";
import { isAppError } from "@/lib/errors";
import { checkDeclaredFeatures } from "@/lib/onnx/checks/declared-features";
import { checkExternalData } from "@/lib/onnx/checks/external-data";
import { checkFeedableInputs } from "@/lib/onnx/checks/feedable-inputs";
import { checkLabelClasses } from "@/lib/onnx/checks/label-classes";
import { checkOperatorDomains } from "@/lib/onnx/checks/operator-domains";
import { checkSmokeOutputs } from "@/lib/onnx/checks/smoke-outputs";
import type { TInferenceRunner } from "@/lib/onnx/inference-runner";
import { INTAKE_CHECKS, intakeCheckLabel } from "@/lib/onnx/intake";
import { makeScorable, type TScorable } from "@/lib/onnx/make-scorable";
import { readModel } from "@/lib/onnx/read-model";
import { extractSignature } from "@/lib/onnx/signature";
import { SMOKE_BATCH, syntheticFeeds } from "@/lib/onnx/synthetic-feeds";
import type {
  TCheckOutcome, TFeatureSchema, TIntakeCheckEvent, TIntakeCheckKey, TIntakeChildResult, TIntakeInput, TOutputSpec, TSignature,
} from "@/lib/onnx/types";

type TEmit = (event: TIntakeCheckEvent | { type: "signature"; signature: TSignature }) => void;

/**
 * Runs the intake checklist (INTAKE_CHECKS) on one artifact, reporting each check as it starts and
 * ends. Stops at the first failure and reports the remaining checks as skipped. Meant to run inside
 * the sandbox child: it reads the file, decodes it and runs it through `runner`.
 */
export async function runIntakeChecks(input: TIntakeInput, deps: { emit: TEmit; runner: TInferenceRunner }): Promise<TIntakeChildResult> {
  const { emit, runner } = deps;
  const timings: Partial<Record<TIntakeCheckKey, number>> = {};
  let bytes = new Uint8Array();
  let model: onnx.ModelProto | null = null;
  let signature: TSignature | undefined;
  let scorable: TScorable | null = null;
  let outputs: TOutputSpec = {};
  let classLabels: string[] | undefined;
  let featureSchema: TFeatureSchema | null = null;

  const steps: Record<TIntakeCheckKey, () => Promise<TCheckOutcome<unknown>>> = {
    format: async () => {
      bytes = new Uint8Array(await fs.readFile(input.artifactPath));
      model = readModel(bytes);
      const opsets = (model.opsetImport ?? []).map((o) => `${o.domain || "ai.onnx"} ${String(o.version)}`).join(", ");
      return pass(`ONNX IR version ${String(model.irVersion)}, opsets ${opsets}, ${formatBytes(bytes.length)}`);
    },
    external_data: async () => checkExternalData(model!),
    operators: async () => checkOperatorDomains(model!),
    signature: async () => {
      signature = extractSignature(model!);
      emit({ type: "signature", signature });
      return checkFeedableInputs(signature);
    },
    scorable: async () => {
      scorable = makeScorable(bytes, { task: input.task, model: model! });
      const labels = checkLabelClasses({ task: input.task, outputs: scorable.outputs, modelLabels: scorable.classLabels, declared: input.declared });
      if (!labels.ok) return labels;
      outputs = scorable.outputs;
      classLabels = labels.value.classLabels;
      const rewrite = scorable.changed ? `${scorable.notes[0]}; ` : "";
      return { ok: true, message: `${rewrite}${labels.message}`, details: { outputs, classLabels, changed: scorable.changed, notes: scorable.notes }, value: undefined };
    },
    session: async () => {
      const info = await runner.createSession(scorable!.bytes);
      return pass(`onnxruntime loaded the model (inputs: ${info.inputNames.join(", ")}; outputs: ${info.outputNames.join(", ")})`);
    },
    smoke: async () => {
      const feeds = syntheticFeeds(signature!, input.declared.features.length);
      const fetches = [outputs.label, outputs.probabilities, outputs.value].filter((n): n is string => Boolean(n));
      const started = performance.now();
      const fetched = await runner.run(feeds, fetches);
      const ms = performance.now() - started;
      const batch = feeds[0]?.dims[0] ?? SMOKE_BATCH;
      const checked = checkSmokeOutputs(fetched, { task: input.task, outputs, batch, classCount: classLabels?.length ?? 0 });
      if (!checked.ok) return checked;
      outputs = checked.value;
      return { ok: true, message: `${checked.message} in ${ms.toFixed(1)} ms`, details: { ...checked.details, inferenceMs: round(ms) }, value: undefined };
    },
    features: async () => {
      const checked = checkDeclaredFeatures(signature!, input.declared.features);
      if (checked.ok) featureSchema = checked.value;
      return checked;
    },
  };

  for (const [index, { key }] of INTAKE_CHECKS.entries()) {
    emit({ key, status: "RUNNING", message: "running" });
    const started = performance.now();
    let outcome: TCheckOutcome<unknown>;
    try {
      outcome = await steps[key]();
    } catch (e) {
      outcome = { ok: false, message: failureMessage(key, e) };
    }
    timings[key] = round(performance.now() - started);
    const details = { ...(outcome.details ?? {}), durationMs: timings[key] };
    if (outcome.ok) {
      emit({ key, status: "PASSED", message: outcome.message, details });
      continue;
    }
    emit({ key, status: "FAILED", message: outcome.message, details });
    for (const rest of INTAKE_CHECKS.slice(index + 1)) emit({ key: rest.key, status: "SKIPPED", message: `skipped: ${key} failed` });
    return { ok: false, failedCheck: key, reason: `${intakeCheckLabel(key)} failed: ${outcome.message}`, ...(signature ? { signature } : {}), timings };
  }

  const done = scorable as TScorable | null;
  if (!signature || !featureSchema || !done) throw new Error("intake finished without a signature, feature schema or scorable model");
  if (input.scorableOutPath && done.changed) await fs.writeFile(input.scorableOutPath, done.bytes);
  return {
    ok: true,
    signature,
    featureSchema,
    scorable: {
      changed: done.changed,
      outputs,
      ...(classLabels ? { classLabels } : {}),
      notes: done.notes,
      ...(done.changed ? (input.scorableOutPath ? { path: input.scorableOutPath } : { bytesBase64: Buffer.from(done.bytes).toString("base64") }) : {}),
    },
    timings,
  };
}

function pass(message: string): TCheckOutcome<unknown> {
  return { ok: true, message, value: undefined };
}

// Typed errors (OnnxFormatError, unprocessable) carry a message written for the uploader; anything
// else is the runtime's own words, prefixed with what was being attempted.
function failureMessage(key: TIntakeCheckKey, e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (isAppError(e)) return text;
  if (key === "format") return `could not read the uploaded file: ${text}`;
  if (key === "session") return `onnxruntime could not load the model: ${firstLine(text)}`;
  if (key === "smoke") return `inference on ${SMOKE_BATCH} synthetic rows failed: ${firstLine(text)}`;
  return text;
}

// onnxruntime messages carry the C++ source location and a stack; the first line says what happened.
function firstLine(text: string): string {
  return text.split("\n")[0].replace(/\/onnxruntime_src\/\S+ /g, "").slice(0, 600);
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
