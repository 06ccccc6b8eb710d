// Plain, JSON-serialisable shapes that leave lib/onnx: stored on ModelVersion (signature, feature
// schema), sent over the sandbox IPC channel, shown by the UI. Nothing here references onnx-proto
// classes, so these types are safe to import from client components.

export type TTask = "binary" | "multiclass" | "regression";

/** A dimension: fixed size (dim_value), symbolic name (dim_param), or unknown. */
export type TDim = number | string | null;

export type TValueInfo = {
  name: string;
  /** "float32", "int64", "string", … for tensors; "sequence<map<int64,float32>>" etc. otherwise. */
  elemType: string;
  isTensor: boolean;
  /** Empty for non-tensors, for scalars, and for tensors whose rank the file does not state. */
  shape: TDim[];
  /** False when the file gives no shape at all (rank unknown), so [] is not a scalar. */
  shapeKnown: boolean;
  docString?: string;
};

export type TOpsetImport = { domain: string; version: number };

export type TSignature = {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  opsetImports: TOpsetImport[];
  /** Graph inputs the caller must feed; inputs that are also initializers (old IR versions) are left out. */
  inputs: TValueInfo[];
  outputs: TValueInfo[];
  metadataProps: Record<string, string>;
  /** Domains of the operators used by nodes, subgraphs included ("" is the default ONNX domain). */
  operatorDomains: string[];
  /** "domain:OpType" (or "OpType" for the default domain), sorted, subgraphs included. */
  operatorTypes: string[];
  nodeCount: number;
  initializerCount: number;
};

export type TFeature = { name: string; type: string };

export type TFeatureSchema = {
  /** "matrix": one [N, F] input holds every feature; "columns": one [N] or [N,1] input per feature. */
  layout: "matrix" | "columns";
  /** The single input of the "matrix" layout. */
  inputName?: string;
  features: TFeature[];
};

/**
 * How to read predictions from the scorable model's tensor outputs.
 * - classifiers: `probabilities` is either one column per class ([N, C], in `classLabels` order) or,
 *   when `probabilityColumns` is "positive", a single column ([N,1] or [N]) holding P(positive class);
 *   `label` (int64 or string [N]) is the predicted class when the model provides one.
 * - regressors: `value` is [N,1] or [N].
 */
export type TOutputSpec = {
  label?: string;
  probabilities?: string;
  probabilityColumns?: "per-class" | "positive";
  value?: string;
};

export type TCheckOutcome<T = undefined> =
  | { ok: true; message: string; details?: Record<string, unknown>; value: T }
  | { ok: false; message: string; details?: Record<string, unknown> };

export type TIntakeCheckKey =
  | "format"
  | "external_data"
  | "operators"
  | "signature"
  | "scorable"
  | "session"
  | "smoke"
  | "features";

export type TIntakeCheckStatus = "RUNNING" | "PASSED" | "FAILED" | "SKIPPED";

export type TDeclared = { features: string[]; labelClasses: string[]; positiveClass: string | null };

export type TIntakeInput = {
  artifactPath: string;
  declared: TDeclared;
  task: TTask;
  /** When set, the child writes the scorable bytes here instead of sending them as base64. */
  scorableOutPath?: string;
};

export type TIntakeCheckEvent = {
  key: TIntakeCheckKey;
  status: TIntakeCheckStatus;
  message: string;
  details?: Record<string, unknown>;
};

export type TScorableSummary = {
  changed: boolean;
  outputs: TOutputSpec;
  classLabels?: string[];
  notes: string[];
};

/** What the sandbox child sends once its checks are done. */
export type TIntakeChildResult =
  | {
      ok: true;
      signature: TSignature;
      featureSchema: TFeatureSchema;
      scorable: TScorableSummary & { bytesBase64?: string; path?: string };
      timings: Partial<Record<TIntakeCheckKey, number>>;
    }
  | {
      ok: false;
      failedCheck: TIntakeCheckKey;
      reason: string;
      signature?: TSignature;
      timings: Partial<Record<TIntakeCheckKey, number>>;
    };

/** What workers/sandbox/intake-child.ts sends: checks and the signature as they come, then its result in superviseChild's envelope. */
export type TIntakeChildMessage =
  | ({ type: "check" } & TIntakeCheckEvent)
  | { type: "signature"; signature: TSignature }
  | { type: "result"; result: TIntakeChildResult };
