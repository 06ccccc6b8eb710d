import { db } from "@/lib/db";
import { invalidInput } from "@/lib/errors";
import type { TEvaluationMetrics, TProfile } from "@/lib/evaluation/types";

// Which evaluation stands for a version on a dataset: its latest successful run on that dataset's
// content. Matching by sha256 means a re-uploaded copy of the same CSV counts as the same dataset,
// which is also how gates decide that two versions were measured on the same data.

export type TDatasetRef = { id: string; name: string; sha256: string; rowCount: number };
/** `curves` holds the chart data stored apart from the scalar metrics (ROC, PR, calibration, …). */
export type TEvaluationSummary = { id: string; finishedAt: Date | null; metrics: TEvaluationMetrics; curves: Record<string, unknown> | null; profile: TProfile | null; datasetName: string };

export async function latestEvaluations(versionIds: string[], datasetSha256: string): Promise<Map<string, TEvaluationSummary>> {
  const runs = await db.evaluationRun.findMany({
    where: { versionId: { in: versionIds }, status: "SUCCEEDED", dataset: { sha256: datasetSha256 } },
    orderBy: { finishedAt: "desc" },
    select: { id: true, versionId: true, finishedAt: true, metrics: true, curves: true, profile: true, dataset: { select: { name: true } } },
  });
  const out = new Map<string, TEvaluationSummary>();
  for (const r of runs) {
    if (r.metrics === null || out.has(r.versionId)) continue;
    out.set(r.versionId, { id: r.id, finishedAt: r.finishedAt, metrics: r.metrics as TEvaluationMetrics, curves: r.curves as Record<string, unknown> | null, profile: r.profile as TProfile | null, datasetName: r.dataset.name });
  }
  return out;
}

/**
 * The datasets worth offering for a set of versions (the model's evaluation datasets, then any
 * dataset one of the versions was evaluated on) and the one to show: `requested` when given, else
 * the model's default evaluation dataset if any version was evaluated on it, else the dataset most
 * versions were evaluated on, else the default (whose results are still to come).
 */
export async function chooseDataset(
  model: { defaultEvaluationDatasetId: string | null; datasets: { role: string; dataset: TDatasetRef }[] },
  versionIds: string[],
  requested: string | undefined,
): Promise<{ dataset: TDatasetRef | null; choices: TDatasetRef[] }> {
  const runs = await db.evaluationRun.findMany({
    where: { versionId: { in: versionIds }, status: "SUCCEEDED" },
    select: { versionId: true, dataset: { select: { id: true, name: true, sha256: true, rowCount: true } } },
  });
  const coverage = new Map<string, Set<string>>();
  for (const r of runs) coverage.set(r.dataset.id, (coverage.get(r.dataset.id) ?? new Set()).add(r.versionId));
  const choices = uniqueById([...model.datasets.filter((a) => a.role === "EVALUATION").map((a) => a.dataset), ...runs.map((r) => r.dataset)]);
  if (requested) {
    const dataset = choices.find((d) => d.id === requested);
    if (!dataset) throw invalidInput("the dataset is neither attached to this model for evaluation nor evaluated on any of these versions");
    return { dataset, choices };
  }
  const mostCovered = [...coverage.entries()].sort((a, b) => b[1].size - a[1].size)[0]?.[0];
  const defaultId = model.defaultEvaluationDatasetId;
  const pick = (defaultId && coverage.has(defaultId) ? defaultId : mostCovered) ?? defaultId;
  const dataset = choices.find((d) => d.id === pick) ?? choices[0] ?? null;
  return { dataset, choices };
}

function uniqueById(xs: TDatasetRef[]): TDatasetRef[] {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(x.id) && Boolean(seen.add(x.id)));
}
