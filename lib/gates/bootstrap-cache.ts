import { setImmediate as nextTurn } from "node:timers/promises";
import { db } from "@/lib/db";
import { readPredictions, type TPredictions } from "@/lib/evaluation/predictions-file";
import { createPairedBootstrap, type TBootstrapResult, type TBootstrapUnavailable } from "@/lib/gates/paired-bootstrap";
import { logger } from "@/lib/logger";
import { artifactPath } from "@/lib/storage/artifact-store";

export type { TBootstrapResult, TBootstrapUnavailable } from "@/lib/gates/paired-bootstrap";
/** null: still being computed; ask again. */
export type TBootstrapOutcome = TBootstrapResult | TBootstrapUnavailable | null;

// How long a read waits for a computation it started before reporting it as pending: 1,000 resamples
// of the demo's 2,000 rows take a fraction of a second, of 10,000 rows 1–3 s per metric, of 100,000
// rows 10–35 s (test/perf/bootstrap-timing.ts). The computation goes on after the wait; a later read
// finds the result.
const WAIT_MS = 2000;
// The computation runs on the web process's event loop, which it gives back this often.
const SLICE_MS = 10;
// Rows × resamples above which the bootstrap is not computed on read: 200,000 rows at 1,000
// resamples, 20–70 s of CPU depending on the metric. With that many rows the interval is a few
// thousandths wide for a score like ROC AUC, so the point comparison decides much the same.
export const MAX_ROW_RESAMPLES = 200_000_000;
// Results are a few numbers each; evaluations never change once written, so entries never go stale.
const RESULTS_KEPT = 1000;

type TDone = TBootstrapResult | TBootstrapUnavailable;
const results = new Map<string, TDone>();
const computing = new Map<string, Promise<TDone>>();

/**
 * The paired bootstrap interval of (candidate − production) on `metric`, computed from the two
 * evaluations' per-row predictions when first asked and kept in this process (keyed by both
 * evaluation ids, the metric, resamples and confidence: runs are immutable, so a result never goes
 * stale, and the seed makes it the same in every process). Returns null while the computation takes
 * longer than a page load should wait, and `{ unavailable }` with the reason when there can be no
 * interval (an evaluation made before predictions were kept, different rows, too many rows).
 */
export async function bootstrapFor(candidateEvaluationId: string, baselineEvaluationId: string, metric: string, opts: { resamples: number; confidence: number }): Promise<TBootstrapOutcome> {
  const key = JSON.stringify([candidateEvaluationId, baselineEvaluationId, metric, opts.resamples, opts.confidence]);
  const cached = results.get(key);
  if (cached) {
    results.delete(key);
    results.set(key, cached);
    return cached;
  }
  let running = computing.get(key);
  if (!running) {
    running = compute(candidateEvaluationId, baselineEvaluationId, metric, opts).then((done) => {
      results.set(key, done);
      if (results.size > RESULTS_KEPT) results.delete(results.keys().next().value!);
      return done;
    }).finally(() => computing.delete(key));
    // A computation that fails after its reader stopped waiting is logged; the next read retries it.
    running.catch((err) => logger.warn("paired bootstrap failed", { candidateEvaluationId, baselineEvaluationId, metric, err }));
    computing.set(key, running);
  }
  return waitAtMost(running, WAIT_MS);
}

async function compute(candidateId: string, baselineId: string, metric: string, opts: { resamples: number; confidence: number }): Promise<TDone> {
  const runs = await db.evaluationRun.findMany({
    where: { id: { in: [candidateId, baselineId] } },
    select: { id: true, status: true, rowsDone: true, predictionsKey: true, dataset: { select: { sha256: true } } },
  });
  const candidate = runs.find((r) => r.id === candidateId);
  const baseline = runs.find((r) => r.id === baselineId);
  if (!candidate || !baseline || candidate.status !== "SUCCEEDED" || baseline.status !== "SUCCEEDED") return { unavailable: "one of the two evaluations is gone or did not succeed", reevaluate: [] };
  if (candidate.dataset.sha256 !== baseline.dataset.sha256) return { unavailable: "the two evaluations were not made on the same dataset content", reevaluate: [] };
  const lacking = ([["candidate", candidate], ["baseline", baseline]] as const).filter(([, r]) => !r.predictionsKey).map(([role]) => role);
  if (lacking.length) return { unavailable: "it needs per-row predictions, which evaluations made before they were kept lack", reevaluate: lacking };
  const size = Math.max(candidate.rowsDone, baseline.rowsDone) * opts.resamples;
  if (size > MAX_ROW_RESAMPLES) {
    return { unavailable: `${candidate.rowsDone.toLocaleString("en-US")} rows × ${opts.resamples} resamples is more than the ${MAX_ROW_RESAMPLES.toLocaleString("en-US")} computed when gates are read; lower the resamples`, reevaluate: [] };
  }
  const loaded = await Promise.all([load(candidate.predictionsKey!, "candidate"), load(baseline.predictionsKey!, "baseline")]);
  const unreadable = loaded.find((l): l is TBootstrapUnavailable => "unavailable" in l);
  if (unreadable) return unreadable;
  const [c, b] = loaded as TPredictions[];
  const bootstrap = createPairedBootstrap(c, b, metric, { ...opts, seed: `${candidateId}\n${baselineId}\n${metric}` });
  while (!bootstrap.run(performance.now() + SLICE_MS)) await nextTurn();
  return bootstrap.result();
}

// A file that is missing or does not parse is a fact about that evaluation (a new run fixes it); any
// other I/O error is transient and thrown, so the next read tries again.
async function load(key: string, role: "candidate" | "baseline"): Promise<TPredictions | TBootstrapUnavailable> {
  try {
    return await readPredictions(artifactPath(key));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== undefined && code !== "ENOENT") throw e;
    const what = role === "candidate" ? "this version's" : "production's";
    return { unavailable: `the per-row predictions of ${what} evaluation ${code === "ENOENT" ? "are missing from storage" : `cannot be read (${(e as Error).message})`}`, reevaluate: [role] };
  }
}

function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    timer.unref?.();
    promise.then((v) => {
      clearTimeout(timer);
      resolve(v);
    }, (e: unknown) => {
      clearTimeout(timer);
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
}
