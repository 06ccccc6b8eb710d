import { db } from "@/lib/db";
import { decayFromHistory, type TDecayPoint, type TObservedDecay } from "@/lib/whatif/decay-from-history";

/**
 * A version's observed decay: its ROC AUC on each evaluation dataset it was evaluated on (latest
 * successful run per dataset content), dated by when the dataset was taken (uploaded), through
 * lib/whatif/decay-from-history.ts. Datasets of later periods — this month's labelled traffic, say —
 * show how the version holds up as the world moves. Null until there are two periods.
 */
export async function observedDecay(versionId: string): Promise<TObservedDecay | null> {
  const runs = await db.evaluationRun.findMany({
    where: { versionId, status: "SUCCEEDED" },
    orderBy: { finishedAt: "desc" },
    select: { metrics: true, dataset: { select: { sha256: true, name: true, createdAt: true } } },
  });
  const seen = new Set<string>();
  const points: TDecayPoint[] = [];
  for (const r of runs) {
    if (seen.has(r.dataset.sha256)) continue;
    seen.add(r.dataset.sha256);
    const auc = (r.metrics as { metrics?: { roc_auc?: { value: number | null } } } | null)?.metrics?.roc_auc?.value;
    if (typeof auc === "number") points.push({ at: r.dataset.createdAt.toISOString(), rocAuc: auc, label: r.dataset.name });
  }
  return decayFromHistory(points);
}
