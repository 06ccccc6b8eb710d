import { z } from "zod";
import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { invalidInput, notFound } from "@/lib/errors";
import { chooseDataset, latestEvaluations, type TEvaluationSummary } from "@/lib/evaluation/latest-evaluations";
import type { TMaybe, TMetricValue, TRocCurve } from "@/lib/metrics/types";
import { metricRank } from "@/lib/metrics/metric-info";
import type { TFeatureSchema, TSignature } from "@/lib/onnx/types";
import { COMPARE_MAX, COMPARE_MIN } from "@/lib/versions/compare-limits";
import { diffSignatures, metadataRows, paramRows, type TSignatureDiff } from "@/lib/versions/diff-versions";


// ?versions=1,3,4 (version numbers) &dataset=<id> &base=<number>
const ZQuery = z.object({
  versions: z
    .string({ error: "versions is required: 2 to 4 version numbers separated by commas, e.g. versions=1,2" })
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(
      z.array(z.string().regex(/^[1-9]\d{0,8}$/, "each version must be a version number such as 3"))
        .min(COMPARE_MIN, `compare needs at least ${COMPARE_MIN} versions`)
        .max(COMPARE_MAX, `compare takes at most ${COMPARE_MAX} versions`),
    )
    .transform((xs) => xs.map(Number))
    .refine((xs) => new Set(xs).size === xs.length, "each version may be listed once"),
  dataset: z.string().min(1).max(64).optional(),
  base: z.coerce.number().int().positive().optional(),
});

const METADATA_FIELDS = [
  { key: "artifactSha256", label: "Artifact sha256" },
  { key: "artifactSize", label: "Artifact size (bytes)" },
  { key: "stage", label: "Stage" },
  { key: "uploadedBy", label: "Uploaded by" },
  { key: "createdAt", label: "Uploaded at" },
  { key: "producer", label: "Producer" },
  { key: "opsets", label: "Opsets" },
  { key: "labelClasses", label: "Label classes" },
  { key: "positiveClass", label: "Positive class" },
  { key: "trainingDataRef", label: "Training data" },
  { key: "gitCommit", label: "Git commit" },
  { key: "notes", label: "Notes" },
];

/**
 * GET /api/v1/models/{id}/compare: 2–4 versions of one model side by side. Metrics come from each
 * version's latest successful evaluation on the chosen dataset's content (same sha256, so a
 * re-uploaded copy counts), deltas are against the base version (production when it is compared,
 * else the lowest number), and the signature diff says what a caller must feed differently.
 */
export async function compareVersions(actor: TActor, modelId: string, query: Record<string, string>) {
  const parsed = ZQuery.safeParse(query);
  if (!parsed.success) throw invalidInput(parsed.error.issues[0]?.message ?? "invalid query", parsed.error.issues);
  const { versions: numbers, dataset: datasetParam, base: baseParam } = parsed.data;

  const model = await db.registeredModel.findUnique({
    where: { id: modelId },
    select: { id: true, name: true, task: true, teamId: true, defaultEvaluationDatasetId: true, datasets: { select: { role: true, dataset: { select: { id: true, name: true, sha256: true, rowCount: true } } } } },
  });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.teamId, "Model");

  const rows = await db.modelVersion.findMany({
    where: { modelId, number: { in: numbers } },
    select: {
      id: true, number: true, stage: true, artifactSha256: true, artifactSize: true, signature: true, featureSchema: true, labelClasses: true,
      positiveClass: true, params: true, trainingDataRef: true, gitCommit: true, notes: true, createdAt: true, intakeStatus: true,
      uploadedBy: { select: { name: true } },
    },
  });
  const missing = numbers.filter((n) => !rows.some((r) => r.number === n));
  if (missing.length) throw invalidInput(`${model.name} has no version ${missing.map((n) => `v${n}`).join(", ")}`);
  const versions = [...rows].sort((a, b) => a.number - b.number);

  const baseNumber = baseParam ?? versions.find((v) => v.stage === "PRODUCTION")?.number ?? versions[0].number;
  if (!numbers.includes(baseNumber)) throw invalidInput(`the base version v${baseNumber} is not one of the compared versions`);

  const { dataset, choices: datasetChoices } = await chooseDataset(model, versions.map((v) => v.id), datasetParam);
  const evaluations = dataset ? await latestEvaluations(versions.map((v) => v.id), dataset.sha256) : new Map<string, TEvaluationSummary>();
  const base = versions.find((v) => v.number === baseNumber)!;
  const shape = (v: (typeof versions)[number]) => {
    const sig = v.signature as TSignature | null;
    const schema = v.featureSchema as TFeatureSchema | null;
    return { inputs: sig?.inputs ?? [], outputs: sig?.outputs ?? [], features: schema?.features ?? [] };
  };
  const metricKeys = [...new Set([...evaluations.values()].flatMap((e) => Object.keys(e.metrics.metrics)))].sort((a, b) => metricRank(a) - metricRank(b));
  const baseMetrics = evaluations.get(base.id)?.metrics.metrics as Record<string, TMetricValue> | undefined;

  return {
    model: { id: model.id, name: model.name, task: model.task },
    baseNumber,
    dataset,
    datasetChoices,
    versions: versions.map((v) => {
      const evaluation = evaluations.get(v.id) ?? null;
      const metrics = evaluation?.metrics.metrics as Record<string, TMetricValue> | undefined;
      return {
        id: v.id, number: v.number, stage: v.stage, intakeStatus: v.intakeStatus, isBase: v.id === base.id,
        evaluation: evaluation && { id: evaluation.id, finishedAt: evaluation.finishedAt, rows: evaluation.metrics.rowCount, datasetName: evaluation.datasetName },
        metrics: metricKeys.map((key) => {
          const value = metrics?.[key]?.value ?? null;
          const baseValue = baseMetrics?.[key]?.value ?? null;
          return { key, value, reason: metrics?.[key]?.reason ?? null, delta: value !== null && baseValue !== null && v.id !== base.id ? value - baseValue : null };
        }),
        roc: (evaluation?.curves?.roc as TMaybe<TRocCurve> | undefined)?.value ?? null,
        signatureDiff: v.id === base.id ? null : (diffSignatures(shape(base), shape(v)) satisfies TSignatureDiff),
        features: shape(v).features,
      };
    }),
    metadata: [
      ...metadataRows(METADATA_FIELDS, versions.map((v) => {
        const sig = v.signature as TSignature | null;
        return {
          ...v,
          artifactSize: Number(v.artifactSize),
          uploadedBy: v.uploadedBy.name,
          producer: sig ? `${sig.producerName} ${sig.producerVersion}`.trim() : null,
          opsets: sig?.opsetImports.map((o) => `${o.domain || "ai.onnx"} ${o.version}`),
        };
      })),
      ...paramRows(versions.map((v) => (v.params && typeof v.params === "object" && !Array.isArray(v.params) ? (v.params as Record<string, unknown>) : null))),
    ],
  };
}
export type TVersionComparison = Awaited<ReturnType<typeof compareVersions>>;
