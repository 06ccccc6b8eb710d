import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { latestEvaluations } from "@/lib/evaluation/latest-evaluations";
import type { TEvaluationMetrics } from "@/lib/evaluation/types";
import { gateReport } from "@/lib/gates/gate-report";
import { metricRank } from "@/lib/metrics/metric-info";
import type { TMetricValue } from "@/lib/metrics/types";
import type { TOutputSpec, TSignature, TValueInfo } from "@/lib/onnx/types";
import { routes } from "@/lib/routes";
import { shapeText } from "@/lib/versions/diff-versions";
import type { TFeatureSchemaDto } from "@/lib/versions/get-version";
import { filenameOf, renderModelCard, type TModelCardData } from "@/lib/versions/render-model-card";

// How many other datasets the card lists; a version evaluated on more is rare and the page links on.
const OTHER_DATASETS = 10;
// A per-class table longer than this is no longer a summary.
const PER_CLASS_ROWS = 50;

/** GET /api/v1/versions/{id}/model-card: the card as Markdown, and the file name to download it as. */
export async function buildModelCard(actor: TActor, versionId: string): Promise<{ markdown: string; filename: string }> {
  const data = await gatherModelCard(actor, versionId);
  return { markdown: renderModelCard(data), filename: filenameOf(data) };
}

/**
 * Everything the card says about a version, read as of now: the model, the artifact, the signature
 * and lineage intake stored, the latest evaluation on the model's default evaluation dataset, the
 * production gate report, and the promotion history. Another team's version is not found.
 */
export async function gatherModelCard(actor: TActor, versionId: string): Promise<TModelCardData> {
  const v = await db.modelVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true, number: true, stage: true, intakeStatus: true, artifactSha256: true, artifactSize: true, originalFilename: true, scoringSha256: true,
      signature: true, featureSchema: true, labelClasses: true, positiveClass: true, params: true, trainingDataRef: true, gitCommit: true, notes: true, createdAt: true,
      uploadedBy: { select: { name: true, email: true } },
      model: {
        select: {
          id: true, name: true, task: true, description: true, tags: true, team: { select: { id: true, slug: true, name: true } },
          defaultEvaluationDataset: { select: { name: true, sha256: true, rowCount: true } },
        },
      },
    },
  });
  if (!v) throw notFound("Version");
  assertCan(actor, "model.read", v.model.team.id, "Version");

  const dataset = v.model.defaultEvaluationDataset;
  const [headline, others, gates, promotions, transitions, audit] = await Promise.all([
    dataset ? latestEvaluations([v.id], dataset.sha256).then((m) => m.get(v.id) ?? null) : null,
    otherDatasets(v.id, dataset?.sha256 ?? null),
    gateReport(v.id, "PRODUCTION"),
    db.promotionRequest.findMany({
      where: { versionId: v.id },
      orderBy: { createdAt: "asc" },
      select: {
        id: true, targetStage: true, status: true, comment: true, createdAt: true, closedAt: true, closedReason: true,
        requestedBy: { select: { name: true } },
        approvals: { orderBy: { createdAt: "asc" }, select: { decision: true, comment: true, createdAt: true, approver: { select: { name: true } } } },
      },
    }),
    db.stageTransition.findMany({
      where: { OR: [{ versionId: v.id }, { previousVersionId: v.id }] },
      orderBy: { createdAt: "asc" },
      select: {
        id: true, kind: true, fromStage: true, toStage: true, reason: true, snapshot: true, createdAt: true,
        version: { select: { id: true, number: true } }, previousVersion: { select: { number: true } }, actor: { select: { name: true } },
      },
    }),
    db.auditEvent.findFirst({ where: { subjectType: "model_version", subjectId: v.id }, orderBy: { seq: "desc" }, select: { seq: true, action: true, at: true, hash: true } }),
  ]);

  const signature = v.signature as TSignature | null;
  const schema = v.featureSchema as TFeatureSchemaDto | null;
  const labelClasses = schema?.labelClasses?.length ? schema.labelClasses : v.labelClasses;
  const m = headline?.metrics as TEvaluationMetrics | undefined;

  return {
    generatedAt: new Date().toISOString(),
    generatedBy: { name: actor.name, email: actor.email },
    model: { id: v.model.id, name: v.model.name, task: v.model.task, team: { slug: v.model.team.slug, name: v.model.team.name }, description: v.model.description, tags: v.model.tags },
    version: {
      id: v.id, number: v.number, stage: v.stage, intakeStatus: v.intakeStatus, uploadedBy: v.uploadedBy, uploadedAt: v.createdAt.toISOString(),
      artifactSha256: v.artifactSha256, artifactSize: Number(v.artifactSize), originalFilename: v.originalFilename, scoringSha256: v.scoringSha256,
    },
    signature: signature && {
      inputs: signature.inputs.map(tensorRow),
      outputs: signature.outputs.map((o) => ({ ...tensorRow(o), readAs: outputUsage(signature, schema?.outputs)[o.name] ?? null })),
      producer: [signature.producerName, signature.producerVersion].filter(Boolean).join(" "),
      irVersion: signature.irVersion,
      opsets: signature.opsetImports.map((o) => `${o.domain || "ai.onnx"} ${o.version}`),
    },
    features: schema ? { layout: schema.layout, inputName: schema.inputName ?? null, items: schema.features } : null,
    labelClasses,
    positiveClass: schema?.positiveClass ?? v.positiveClass,
    lineage: { trainingDataRef: v.trainingDataRef, gitCommit: v.gitCommit, notes: v.notes, params: paramList(v.params) },
    evaluation: {
      dataset,
      run: headline && m ? {
        id: headline.id,
        finishedAt: headline.finishedAt?.toISOString() ?? null,
        rowCount: m.rowCount,
        metrics: metricList(m.metrics as Record<string, TMetricValue>),
        binary: m.task === "binary" ? { threshold: m.threshold, positiveCount: m.positiveCount, confusionMatrix: m.confusionMatrix } : null,
        perClass: m.task === "multiclass" && m.perClass.support.length <= PER_CLASS_ROWS
          ? m.perClass.support.map((support, i) => ({ label: labelClasses[i] ?? String(i), precision: m.perClass.precision[i], recall: m.perClass.recall[i], f1: m.perClass.f1[i], support }))
          : null,
        profile: headline.profile,
      } : null,
      others,
    },
    gates: {
      target: "PRODUCTION",
      status: gates.status,
      items: gates.items.map((i) => ({ label: i.label, status: i.status, detail: i.detail })),
      policyRevision: gates.evidence.policyRevision,
      approvalsNeeded: gates.policy.production.approvals,
      evidenceHash: gates.evidenceHash,
    },
    promotions: promotions.map((p) => ({
      id: p.id, targetStage: p.targetStage, status: p.status, comment: p.comment, requestedBy: p.requestedBy.name,
      createdAt: p.createdAt.toISOString(), closedAt: p.closedAt?.toISOString() ?? null, closedReason: p.closedReason,
      approvals: p.approvals.map((a) => ({ decision: a.decision, approver: a.approver.name, comment: a.comment, createdAt: a.createdAt.toISOString() })),
    })),
    transitions: transitions.map((t) => ({
      id: t.id, kind: t.kind, role: t.version.id === v.id ? "this" : "replaced",
      versionNumber: t.version.number, previousNumber: t.previousVersion?.number ?? null, fromStage: t.fromStage, toStage: t.toStage,
      reason: t.reason, actor: t.actor?.name ?? null, createdAt: t.createdAt.toISOString(),
      evidenceHash: typeof (t.snapshot as { evidenceHash?: unknown } | null)?.evidenceHash === "string" ? (t.snapshot as { evidenceHash: string }).evidenceHash : null,
    })),
    audit: {
      latest: audit ? { seq: audit.seq.toString(), action: audit.action, at: audit.at.toISOString(), hash: audit.hash } : null,
      trail: `${routes.api.audit()}?${new URLSearchParams({ subject: v.id })}`,
    },
  };
}

/** The latest successful evaluation per other dataset content, newest first, with its best-ranked defined metric. */
async function otherDatasets(versionId: string, defaultSha256: string | null): Promise<TModelCardData["evaluation"]["others"]> {
  const runs = await db.evaluationRun.findMany({
    where: { versionId, status: "SUCCEEDED", ...(defaultSha256 ? { dataset: { sha256: { not: defaultSha256 } } } : {}) },
    orderBy: { finishedAt: "desc" },
    take: 200,
    select: { id: true, finishedAt: true, metrics: true, dataset: { select: { name: true, sha256: true, rowCount: true } } },
  });
  const out: TModelCardData["evaluation"]["others"] = [];
  const seen = new Set<string>();
  for (const r of runs) {
    if (r.metrics === null || seen.has(r.dataset.sha256)) continue;
    seen.add(r.dataset.sha256);
    const best = metricList((r.metrics as TEvaluationMetrics).metrics as Record<string, TMetricValue>).find((x) => x.value !== null);
    out.push({ ...r.dataset, evaluationId: r.id, finishedAt: r.finishedAt?.toISOString() ?? null, headline: best ? { key: best.key, value: best.value! } : null });
    if (out.length === OTHER_DATASETS) break;
  }
  return out;
}

function metricList(metrics: Record<string, TMetricValue>): { key: string; value: number | null; reason?: string }[] {
  return Object.entries(metrics)
    .sort(([a], [b]) => metricRank(a) - metricRank(b) || a.localeCompare(b))
    .map(([key, m]) => ({ key, value: m.value, ...(m.reason ? { reason: m.reason } : {}) }));
}

function tensorRow(t: TValueInfo) {
  return { name: t.name, type: t.elemType, shape: t.isTensor ? shapeText(t) : null };
}

/** What each graph output is read as when scoring (from how intake decided to read the outputs). */
function outputUsage(signature: TSignature, outs: TOutputSpec | undefined): Record<string, string> {
  const usage: Record<string, string> = {};
  if (outs?.label) usage[outs.label] = "predicted label";
  if (outs?.probabilities) {
    usage[outs.probabilities] = outs.probabilityColumns === "positive" ? "probability of the positive class" : "class probabilities";
    // A ZipMap output is read through the scoring graph, which exposes the tensor feeding it.
    if (!signature.outputs.some((o) => o.name === outs.probabilities)) {
      for (const o of signature.outputs) if (!o.isTensor) usage[o.name] = `class probabilities (read from '${outs.probabilities}' in the scoring graph)`;
    }
  }
  if (outs?.value) usage[outs.value] = "predicted value";
  return usage;
}

/** Parameters key by key, sorted; values that are not strings are shown as JSON. */
function paramList(params: unknown): { key: string; value: string }[] {
  if (!params || typeof params !== "object" || Array.isArray(params)) return params === null || params === undefined ? [] : [{ key: "params", value: JSON.stringify(params) }];
  return Object.entries(params as Record<string, unknown>)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value: typeof value === "string" ? value : JSON.stringify(value) }));
}
