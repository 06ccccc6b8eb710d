import { db } from "@/lib/db";
import { readPredictions } from "@/lib/evaluation/predictions-file";
import { logger } from "@/lib/logger";
import { sortByClassInPlace } from "@/lib/metrics/binary-clf-curve";
import type { THistogram, TMaybe, TRocCurve } from "@/lib/metrics/types";
import { artifactPath } from "@/lib/storage/artifact-store";
import { curveFromRoc } from "@/lib/whatif/curve-from-roc";
import { residualSummary } from "@/lib/whatif/residual-summary";
import { residualSummaryFromHistogram } from "@/lib/whatif/residual-summary-from-histogram";
import { thresholdCurve } from "@/lib/whatif/threshold-curve";
import type { TResidualSummary, TThresholdCurve } from "@/lib/whatif/types";

/** What the what-if needs from one evaluation; `note` says when it is an estimate and why. */
export type TEvaluationWhatIf =
  | { kind: "binary"; curve: TThresholdCurve; note: string | null }
  | { kind: "regression"; residuals: TResidualSummary; note: string | null }
  | { kind: "unavailable"; reason: string };

// Evaluations never change once written, so a result never goes stale; a curve of the largest kind
// ("reduced", ~2,000 points) is about 50 KB, so this many stay well under 10 MB.
const KEPT = 100;
const results = new Map<string, TEvaluationWhatIf>();
const computing = new Map<string, Promise<TEvaluationWhatIf>>();

/**
 * The threshold curve (binary) or residual summary (regression) of a successful evaluation, built
 * once per evaluation from its per-row predictions file and then kept in this process, so the
 * browser gets a compact curve and computes every slider position itself. Evaluations made before
 * per-row predictions were kept fall back to their stored ROC curve or residual histogram, with a
 * note saying so.
 */
export async function buildWhatIfCurve(evaluationId: string): Promise<TEvaluationWhatIf> {
  const cached = results.get(evaluationId);
  if (cached) {
    results.delete(evaluationId);
    results.set(evaluationId, cached);
    return cached;
  }
  let running = computing.get(evaluationId);
  if (!running) {
    running = build(evaluationId).then((done) => {
      results.set(evaluationId, done);
      if (results.size > KEPT) results.delete(results.keys().next().value!);
      return done;
    }).finally(() => computing.delete(evaluationId));
    computing.set(evaluationId, running);
  }
  return running;
}

async function build(evaluationId: string): Promise<TEvaluationWhatIf> {
  const run = await db.evaluationRun.findUnique({ where: { id: evaluationId }, select: { status: true, predictionsKey: true, metrics: true, curves: true } });
  if (!run || run.status !== "SUCCEEDED" || !run.metrics) return { kind: "unavailable", reason: "the evaluation has not succeeded" };
  const metrics = run.metrics as { task: string; rowCount: number; positiveCount?: number };
  const curves = (run.curves ?? {}) as { roc?: TMaybe<TRocCurve>; residualHistogram?: TMaybe<THistogram> };
  if (metrics.task !== "binary" && metrics.task !== "regression") return { kind: "unavailable", reason: `what-if needs a binary or regression evaluation, not ${metrics.task}` };

  let why = "this evaluation was made before per-row predictions were kept";
  if (run.predictionsKey) {
    try {
      const p = await readPredictions(artifactPath(run.predictionsKey));
      if (p.task === "binary") return { kind: "binary", curve: thresholdCurve(sortByClassInPlace(p.scores, p.labels as Uint8Array)), note: null };
      if (p.task === "regression") return { kind: "regression", residuals: residualSummary(p.scores, p.labels), note: null };
    } catch (e) {
      // A missing or unreadable file is a fact about this evaluation; the stored curves still serve.
      logger.warn("what-if: the evaluation's per-row predictions cannot be read; using its stored curves", { evaluationId, err: e });
      why = "this evaluation's per-row predictions cannot be read";
    }
  }
  if (metrics.task === "binary") {
    const roc = curves.roc?.value;
    if (!roc || metrics.positiveCount === undefined) return { kind: "unavailable", reason: `${why}, and it has no ROC curve (${curves.roc?.reason ?? "not stored"})` };
    const curve = curveFromRoc(roc, metrics.positiveCount, metrics.rowCount - metrics.positiveCount);
    return { kind: "binary", curve, note: `Estimated: ${why}, so the value uses its stored ROC curve (${curve.thresholds.length} points) and a threshold between two points takes the next one's rates. Re-evaluate the version for exact figures at every threshold.` };
  }
  const hist = curves.residualHistogram?.value;
  if (!hist) return { kind: "unavailable", reason: `${why}, and it has no residual histogram` };
  return { kind: "regression", residuals: residualSummaryFromHistogram(hist), note: `Estimated: ${why}, so each error is taken at the centre of its bin of the stored residual histogram. Re-evaluate the version for exact figures.` };
}
