import type { ChallengerMode, IntakeStatus, Stage } from "@/lib/generated/prisma/enums";
import type { TFeatureSchema, TOutputSpec, TTask } from "@/lib/onnx/types";

// Shapes shared by the serving pieces (lib/serving/*, serve/*). Plain data only.

/** One prediction as the response carries it and PredictionLog.output stores it. */
export type TPredictionOutput = { label?: string; score?: number; probabilities?: Record<string, number>; value?: number };
export type TPrediction = { id: string } & TPredictionOutput;
export type TPredictionRole = "champion" | "challenger";

/** `POST /v1/models/{team}/{model}/predict` → 200. Other engineers' code reads it: keep it stable. */
export type TPredictResponse = {
  model: { team: string; name: string };
  version: { number: number; stage: Stage; id: string };
  role: TPredictionRole;
  predictions: TPrediction[];
};

/** The element types serve can feed from JSON, as lib/evaluation/feed-builder.ts builds them. */
export type TFeatureKind = "float32" | "float64" | "int32" | "int64" | "string";
export type TServingFeature = { name: string; kind: TFeatureKind };

/** A validated row: exactly the version's features, each of the right type. */
export type TValidRow = Record<string, number | string>;

/** The columns of model_versions serve reads (lib/serving/load-*.ts select them). */
export const SERVING_VERSION_SELECT = {
  id: true, modelId: true, number: true, stage: true, intakeStatus: true, storageKey: true, scoringKey: true,
  signature: true, featureSchema: true, labelClasses: true, positiveClass: true, params: true,
} as const;

export type TServingVersionRow = {
  id: string;
  modelId: string;
  number: number;
  stage: Stage;
  intakeStatus: IntakeStatus;
  storageKey: string;
  scoringKey: string | null;
  signature: unknown;
  featureSchema: unknown;
  labelClasses: string[];
  positiveClass: string | null;
  params: unknown;
};

/** Everything needed to load and answer with one version, read from its row once. */
export type TServingSpec = {
  versionId: string;
  modelId: string;
  number: number;
  task: TTask;
  modelPath: string;
  featureSchema: TFeatureSchema;
  inputTypes: Record<string, string>;
  features: TServingFeature[];
  outputs: TOutputSpec;
  classLabels: string[];
  positiveClass: string | null;
  /** Binary: a score at or above it predicts the positive class. */
  threshold: number;
};

export type TServedModel = { id: string; teamId: string; teamSlug: string; name: string; task: TTask };

export type TChallenger = { row: TServingVersionRow; mode: ChallengerMode; canaryShare: number };

/** Which versions answer for a model right now, and how its predictions are logged. */
export type TServingRoles = {
  production: TServingVersionRow | null;
  staging: TServingVersionRow | null;
  /** Only a STAGING version that passed intake and is not the production version. */
  challenger: TChallenger | null;
  sampleRate: number;
  /** Changes whenever any of the above does (compared by the refresh timer). */
  fingerprint: string;
};
