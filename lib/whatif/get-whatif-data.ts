import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { invalidInput, notFound } from "@/lib/errors";
import { chooseDataset, latestEvaluations, type TEvaluationSummary } from "@/lib/evaluation/latest-evaluations";
import { buildWhatIfCurve } from "@/lib/whatif/build-whatif-curve";
import type { TObservedDecay } from "@/lib/whatif/decay-from-history";
import { observedDecay } from "@/lib/whatif/observed-decay";
import type { TBinaryInputs, TProvenance, TRegressionInputs, TScenarioInputs } from "@/lib/whatif/schemas";
import type { TResidualSummary, TThresholdCurve } from "@/lib/whatif/types";

type TStage = "DEVELOPMENT" | "STAGING" | "PRODUCTION" | "ARCHIVED";
export type TWhatIfVersion = { id: string; number: number; stage: TStage; evaluated: boolean };
export type TWhatIfSide = {
  version: { id: string; number: number; stage: TStage; positiveClass: string | null };
  evaluation: { id: string; datasetName: string; finishedAt: string | null; rows: number } | null;
  curve: TThresholdCurve | null;
  residuals: TResidualSummary | null;
  /** Set when the figures are estimates (an evaluation without per-row predictions). */
  note: string | null;
  /** Why this version has no figures (not evaluated on the dataset, …). */
  unavailable: string | null;
};
export type TWhatIfData = {
  model: { id: string; name: string; task: "BINARY" | "MULTICLASS" | "REGRESSION"; team: { id: string; slug: string; name: string } };
  /** False for tasks the what-if does not cover yet (multiclass), with the reason. */
  available: boolean;
  reason: string | null;
  versions: TWhatIfVersion[];
  dataset: { id: string; name: string; rowCount: number } | null;
  primary: TWhatIfSide | null;
  compare: TWhatIfSide | null;
  /** The version worth comparing with the primary one: the staging candidate, or the newest other evaluated version. */
  suggestedCompareId: string | null;
  defaults: { inputs: TScenarioInputs; provenance: Record<string, TProvenance> } | null;
  observedDecay: TObservedDecay | null;
};

const SERVING_WINDOW_DAYS = 30;
const PLACEHOLDER_VOLUME = 10_000;
const PLACEHOLDER_DECAY = 0.02;

/**
 * GET /api/v1/models/{id}/whatif?version=&compare=: what the what-if view needs for one version (by
 * default production, else the newest evaluated one) and optionally a second: each one's threshold
 * curve (binary) or residual summary (regression) from its latest evaluation on the same dataset
 * content, and default inputs with where each came from. Everything after this is computed in the
 * browser.
 */
export async function getWhatIfData(actor: TActor, modelId: string, query: { version?: string | null; compare?: string | null }): Promise<TWhatIfData> {
  const model = await db.registeredModel.findUnique({
    where: { id: modelId },
    select: {
      id: true, name: true, task: true, defaultEvaluationDatasetId: true,
      team: { select: { id: true, slug: true, name: true } },
      datasets: { select: { role: true, dataset: { select: { id: true, name: true, sha256: true, rowCount: true, labelColumn: true } } } },
      versions: { orderBy: { number: "desc" }, select: { id: true, number: true, stage: true, params: true, positiveClass: true } },
    },
  });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.team.id, "Model");
  const base = { model: { id: model.id, name: model.name, task: model.task, team: model.team } };
  const empty = { versions: [], dataset: null, primary: null, compare: null, suggestedCompareId: null, defaults: null, observedDecay: null };
  if (model.task === "MULTICLASS") {
    return { ...base, ...empty, available: false, reason: "The what-if covers binary classifiers and regression models. For a multiclass model it would need the value of every kind of mistake between each pair of classes, which it does not ask for yet." };
  }
  const byId = new Map(model.versions.map((v) => [v.id, v]));
  const pick = (id: string | null | undefined, field: "version" | "compare") => {
    if (!id) return null;
    const v = byId.get(id);
    if (!v) throw invalidInput(`${field} is not a version of this model`);
    return v;
  };
  const requested = pick(query.version, "version");
  const compareVersion = pick(query.compare, "compare");
  if (requested && compareVersion && requested.id === compareVersion.id) throw invalidInput("compare must be another version than version");

  const succeeded = await db.evaluationRun.findMany({ where: { versionId: { in: model.versions.map((v) => v.id) }, status: "SUCCEEDED" }, select: { versionId: true } });
  const everEvaluated = new Set(succeeded.map((r) => r.versionId));
  const primaryVersion = requested
    ?? model.versions.find((v) => v.stage === "PRODUCTION")
    ?? model.versions.find((v) => everEvaluated.has(v.id))
    ?? model.versions[0];
  if (!primaryVersion) return { ...base, ...empty, available: true, reason: null };

  const focus = [primaryVersion.id, ...(compareVersion ? [compareVersion.id] : [])];
  const { dataset } = await chooseDataset(model, focus, undefined);
  const evaluations = dataset ? await latestEvaluations(model.versions.map((v) => v.id), dataset.sha256) : new Map<string, TEvaluationSummary>();
  const versions = model.versions.map((v) => ({ id: v.id, number: v.number, stage: v.stage, evaluated: evaluations.has(v.id) }));
  const side = async (v: { id: string; number: number; stage: TStage; positiveClass: string | null }): Promise<TWhatIfSide> => {
    const e = evaluations.get(v.id);
    const out: TWhatIfSide = { version: { id: v.id, number: v.number, stage: v.stage, positiveClass: v.positiveClass }, evaluation: null, curve: null, residuals: null, note: null, unavailable: null };
    if (!dataset || !e) return { ...out, unavailable: dataset ? `v${v.number} has not been evaluated on ${dataset.name} yet` : "the model has no evaluation dataset yet" };
    out.evaluation = { id: e.id, datasetName: e.datasetName, finishedAt: e.finishedAt?.toISOString() ?? null, rows: e.metrics.rowCount };
    const built = await buildWhatIfCurve(e.id);
    if (built.kind === "unavailable") return { ...out, unavailable: built.reason };
    if (built.kind === "binary") return { ...out, curve: built.curve, note: built.note };
    return { ...out, residuals: built.residuals, note: built.note };
  };
  const [primary, compare, decay, volume] = await Promise.all([
    side(primaryVersion),
    compareVersion ? side(compareVersion) : Promise.resolve(null),
    model.task === "BINARY" ? observedDecay(primaryVersion.id) : Promise.resolve(null),
    servedVolume(model.id),
  ]);
  const candidates = versions.filter((v) => v.id !== primaryVersion.id && v.evaluated && v.stage !== "ARCHIVED");
  const suggestedCompareId = (candidates.find((v) => v.stage === "STAGING") ?? candidates.find((v) => v.stage !== "PRODUCTION") ?? candidates[0])?.id ?? null;
  const labelColumn = model.datasets.find((d) => d.dataset.id === dataset?.id)?.dataset.labelColumn ?? null;
  const defaults = model.task === "BINARY"
    ? binaryDefaults(primary, primaryVersion, volume, decay)
    : regressionDefaults(volume, labelColumn);
  return { ...base, available: true, reason: null, versions, dataset: dataset && { id: dataset.id, name: dataset.name, rowCount: dataset.rowCount }, primary, compare, suggestedCompareId, defaults, observedDecay: decay };
}

type TVolume = { value: number; provenance: TProvenance };

// Decisions a month as serve saw them: predictions logged over the last 30 days, scaled up by the
// sampling rate (a 10 % sample logs one prediction in ten). Shadow copies were never answers.
async function servedVolume(modelId: string): Promise<TVolume> {
  const since = new Date(Date.now() - SERVING_WINDOW_DAYS * 86_400_000);
  const [logged, config] = await Promise.all([
    db.predictionLog.count({ where: { modelId, served: true, createdAt: { gte: since } } }),
    db.servingConfig.findUnique({ where: { modelId }, select: { sampleRate: true } }),
  ]);
  const rate = config?.sampleRate ?? 1;
  if (logged === 0 || rate <= 0) return { value: PLACEHOLDER_VOLUME, provenance: { source: "you", note: `set by you; default ${PLACEHOLDER_VOLUME.toLocaleString("en-US")} (a placeholder: serve has logged no prediction of this model in the last ${SERVING_WINDOW_DAYS} days)` } };
  const value = Math.round((logged / rate) * (30.4375 / SERVING_WINDOW_DAYS));
  return { value, provenance: { source: "serving", note: `serving: ${logged.toLocaleString("en-US")} predictions logged in the last ${SERVING_WINDOW_DAYS} days${rate < 1 ? ` at a ${Math.round(rate * 1000) / 10} % sample rate` : ""}, per month` } };
}

function binaryDefaults(primary: TWhatIfSide, version: { number: number; params: unknown }, volume: TVolume, decay: TObservedDecay | null): TWhatIfData["defaults"] {
  const curve = primary.curve;
  const rows = curve ? curve.positives + curve.negatives : 0;
  const params = (version.params ?? {}) as Record<string, unknown>;
  const paramKey = ["threshold", "decision_threshold"].find((k) => typeof params[k] === "number" && (params[k] as number) >= 0 && (params[k] as number) <= 1);
  const inputs: TBinaryInputs = {
    task: "binary", currency: "USD",
    volume: volume.value,
    prevalence: curve && rows > 0 ? curve.positives / rows : 0.1,
    valueTruePositive: 1, costFalsePositive: 1, costFalseNegative: 0, costReview: 0,
    threshold: paramKey ? (params[paramKey] as number) : 0.5,
    reviewCapacity: null,
    retrainingCost: 0,
    decayPerMonth: decay ? decay.decayPerMonth : PLACEHOLDER_DECAY,
  };
  const you = (note: string): TProvenance => ({ source: "you", note });
  return {
    inputs,
    provenance: {
      currency: you("set by you; default USD (display only, nothing is converted)"),
      volume: volume.provenance,
      prevalence: curve && rows > 0
        ? { source: "evaluation", note: `evaluation data: ${curve.positives.toLocaleString("en-US")} of ${rows.toLocaleString("en-US")} rows of ${primary.evaluation?.datasetName ?? "the evaluation dataset"} are positive` }
        : you("set by you; default 0.1 (a placeholder: no evaluation to read it from)"),
      valueTruePositive: you("set by you; default 1 (one unit of money per caught case, a placeholder for your figure)"),
      costFalsePositive: you("set by you; default 1 (a false alarm costs what a catch is worth, a placeholder)"),
      costFalseNegative: you("set by you; default 0"),
      costReview: you("set by you; default 0"),
      threshold: paramKey
        ? { source: "version", note: `v${version.number}'s params.${paramKey}` }
        : { source: "evaluation", note: `the threshold the evaluation's metrics use (v${version.number} sets none in its params)` },
      reviewCapacity: you("set by you; default no limit"),
      retrainingCost: you("set by you; default 0"),
      decayPerMonth: decay
        ? { source: "observed", note: `observed: ROC AUC of v${version.number} on ${decay.points.length} evaluation datasets over ${decay.months.toFixed(1)} months` }
        : you(`set by you; default ${PLACEHOLDER_DECAY * 100} % a month (a placeholder: no observed decay yet — it needs evaluations of this version on datasets from at least two periods)`),
    },
  };
}

function regressionDefaults(volume: TVolume, labelColumn: string | null): TWhatIfData["defaults"] {
  const inputs: TRegressionInputs = { task: "regression", currency: "USD", volume: volume.value, costOver: 1, costUnder: 1, unit: labelColumn ?? "units" };
  return {
    inputs,
    provenance: {
      currency: { source: "you", note: "set by you; default USD (display only, nothing is converted)" },
      volume: volume.provenance,
      costOver: { source: "you", note: "set by you; default 1 per unit (symmetric, a placeholder)" },
      costUnder: { source: "you", note: "set by you; default 1 per unit (symmetric, a placeholder)" },
      unit: labelColumn ? { source: "evaluation", note: `evaluation data: the label column ${labelColumn}` } : { source: "you", note: "set by you" },
    },
  };
}
