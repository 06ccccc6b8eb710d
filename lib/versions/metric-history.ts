import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { chooseDataset, latestEvaluations } from "@/lib/evaluation/latest-evaluations";
import { metricRank } from "@/lib/metrics/metric-info";

/**
 * GET /api/v1/models/{id}/metrics: each version's metrics on one dataset (by content), oldest
 * version first, for the model page's metric-across-versions chart. Versions never evaluated on the
 * dataset are listed with no metrics, so the chart shows the gap rather than hiding the version.
 */
export async function modelMetricHistory(actor: TActor, modelId: string, query: { dataset?: string }) {
  const model = await db.registeredModel.findUnique({
    where: { id: modelId },
    select: {
      id: true, teamId: true, defaultEvaluationDatasetId: true,
      datasets: { select: { role: true, dataset: { select: { id: true, name: true, sha256: true, rowCount: true } } } },
      versions: { orderBy: { number: "asc" }, select: { id: true, number: true, stage: true } },
    },
  });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.teamId, "Model");
  const ids = model.versions.map((v) => v.id);
  const { dataset, choices } = await chooseDataset(model, ids, query.dataset || undefined);
  const evaluations = dataset ? await latestEvaluations(ids, dataset.sha256) : new Map();
  const points = model.versions.map((v) => {
    const e = evaluations.get(v.id);
    const metrics: Record<string, number | null> = {};
    if (e) for (const [k, m] of Object.entries(e.metrics.metrics as Record<string, { value: number | null }>)) metrics[k] = m.value;
    return { number: v.number, stage: v.stage, evaluationId: e?.id ?? null, metrics };
  });
  const metricKeys = [...new Set(points.flatMap((p) => Object.keys(p.metrics)))].sort((a, b) => metricRank(a) - metricRank(b));
  return { dataset, datasetChoices: choices, metricKeys, points };
}
export type TMetricHistory = Awaited<ReturnType<typeof modelMetricHistory>>;
