import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { latestEvaluations, type TEvaluationSummary } from "@/lib/evaluation/latest-evaluations";
import { formatDelta, formatMetric, lowerIsBetter } from "@/lib/metrics/metric-info";
import type { TMetricValue } from "@/lib/metrics/types";
import { loadPolicy } from "@/lib/gates/load-policy";
import type { TGatePolicy, TNonRegression, TThreshold } from "@/lib/gates/policy";
import { bootstrapFor, type TBootstrapOutcome } from "@/lib/gates/bootstrap-cache";

export type TGateStatus = "pass" | "fail" | "pending";
export type TGateItem = {
  key: string;
  label: string;
  status: TGateStatus;
  /** The numbers behind the verdict, as a person reads them ("roc_auc 0.912 ≥ 0.85"). */
  detail: string;
  numbers?: Record<string, number | string | null>;
};

/** What a decision is based on; an approval counts only while this is unchanged (same hash). */
export type TEvidence = {
  policyRevision: number;
  modelSha256: string;
  intakeStatus: string;
  dataset: { id: string; name: string; sha256: string } | null;
  candidateEvaluationId: string | null;
  baseline: { versionId: string; number: number; evaluationId: string | null } | null;
};

export type TGateReport = {
  versionId: string;
  target: "STAGING" | "PRODUCTION";
  policy: TGatePolicy;
  items: TGateItem[];
  evidence: TEvidence;
  evidenceHash: string;
  status: TGateStatus;
  /** Evaluations the gates wait for and nobody has started: lib/gates/ensure-evidence.ts enqueues them. */
  missing: { versionId: string; datasetId: string; role: "candidate" | "baseline" }[];
};

/**
 * Evaluates the gates of `target` for a version from the evidence in the database, every time it is
 * asked: a new evaluation, a policy change or a new production version changes the answer at once.
 * Production gates are the staging gates plus non-regression against the current production
 * version, measured on the same dataset content (sha256). Approvals are counted per request
 * (lib/promotions), on top of this report.
 */
export async function gateReport(versionId: string, target: "STAGING" | "PRODUCTION"): Promise<TGateReport> {
  const version = await db.modelVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true, number: true, stage: true, intakeStatus: true, artifactSha256: true,
      model: { select: { id: true, name: true, task: true, defaultEvaluationDataset: { select: { id: true, name: true, sha256: true } } } },
    },
  });
  if (!version) throw notFound("Version");
  const { policy, revision } = await loadPolicy(version.model.id, version.model.task);
  const dataset = version.model.defaultEvaluationDataset;
  const items: TGateItem[] = [];
  const missing: TGateReport["missing"] = [];

  items.push(intakeItem(version.intakeStatus));
  // Only what the policy asks for is a gate: a policy without metric, latency or non-regression
  // rules needs no evaluation at all.
  const needsEvaluation = policy.staging.thresholds.length > 0 || policy.staging.latencyP95Ms !== null || (target === "PRODUCTION" && policy.production.nonRegression.length > 0);
  let candidate: TEvaluationSummary | null = null;
  if (needsEvaluation && !dataset) {
    items.push({ key: "dataset", label: "Evaluation dataset", status: "fail", detail: `${version.model.name} has no default evaluation dataset: attach one with the evaluation role and make it the default` });
  } else if (needsEvaluation && dataset) {
    candidate = (await latestEvaluations([version.id], dataset.sha256)).get(version.id) ?? null;
    const running = candidate ? null : await activeRun(version.id, dataset.sha256);
    const pendingDetail = running ? `evaluation on ${dataset.name} ${running}` : `not evaluated on ${dataset.name} yet`;
    if (!candidate && !running && version.intakeStatus === "PASSED") missing.push({ versionId: version.id, datasetId: dataset.id, role: "candidate" });
    items.push(candidate
      ? { key: "evaluation", label: "Evaluation", status: "pass", detail: `evaluated on ${dataset.name} (${candidate.metrics.rowCount.toLocaleString("en-US")} rows, sha256 ${dataset.sha256.slice(0, 12)})` }
      : { key: "evaluation", label: "Evaluation", status: "pending", detail: pendingDetail });
    for (const t of policy.staging.thresholds) items.push(thresholdItem(t, candidate));
    if (policy.staging.latencyP95Ms !== null) items.push(latencyItem(policy.staging.latencyP95Ms, candidate));
  }

  let baseline: TEvidence["baseline"] = null;
  if (target === "PRODUCTION") {
    // Production as it is now is part of the evidence even without non-regression rules: a decision
    // taken while v3 was production is void once v4 is.
    const production = await db.modelVersion.findFirst({ where: { modelId: version.model.id, stage: "PRODUCTION" }, select: { id: true, number: true, intakeStatus: true } });
    if (production && production.id !== version.id) baseline = { versionId: production.id, number: production.number, evaluationId: null };
    if (policy.production.nonRegression.length === 0) {
      // no rule asks for a comparison
    } else if (!production || production.id === version.id) {
      items.push({ key: "non_regression", label: "Non-regression", status: "pass", detail: production ? "this version is production" : "no production version yet: nothing to regress against" });
    } else if (dataset) {
      const base = (await latestEvaluations([production.id], dataset.sha256)).get(production.id) ?? null;
      baseline = { versionId: production.id, number: production.number, evaluationId: base?.id ?? null };
      if (!base) {
        const running = await activeRun(production.id, dataset.sha256);
        if (!running) missing.push({ versionId: production.id, datasetId: dataset.id, role: "baseline" });
        items.push({ key: "baseline", label: `Baseline: production v${production.number}`, status: "pending", detail: running ? `production v${production.number} on ${dataset.name}: evaluation ${running}` : `production v${production.number} has no evaluation on ${dataset.name}; one is queued automatically` });
      } else {
        // The intervals are computed together, so one page load waits for the slowest, not the sum.
        const { bootstrap } = policy.production;
        // Without a candidate, or with the metric undefined, the item does not read the interval.
        const defined = (e: TEvaluationSummary | null, metric: string) => typeof metricValue(e, metric)?.value === "number";
        const boots = await Promise.all(policy.production.nonRegression.map((rule) => {
          if (!bootstrap.enabled) return undefined;
          return candidate && defined(candidate, rule.metric) && defined(base, rule.metric) ? bootstrapFor(candidate.id, base.id, rule.metric, bootstrap) : null;
        }));
        policy.production.nonRegression.forEach((rule, i) => items.push(nonRegressionItem(rule, candidate, base, production.number, boots[i])));
      }
    }
  }

  const evidence: TEvidence = {
    policyRevision: revision,
    modelSha256: version.artifactSha256,
    intakeStatus: version.intakeStatus,
    dataset: dataset ?? null,
    candidateEvaluationId: candidate?.id ?? null,
    baseline,
  };
  return { versionId, target, policy, items, evidence, evidenceHash: hashEvidence(evidence), status: overall(items), missing };
}

export function overall(items: { status: TGateStatus }[]): TGateStatus {
  if (items.some((i) => i.status === "fail")) return "fail";
  if (items.some((i) => i.status === "pending")) return "pending";
  return "pass";
}

export function hashEvidence(e: TEvidence): string {
  const canonical = JSON.stringify([e.policyRevision, e.modelSha256, e.intakeStatus, e.dataset?.sha256 ?? null, e.candidateEvaluationId, e.baseline?.versionId ?? null, e.baseline?.evaluationId ?? null]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** Why evidence an approval saw is no longer the current evidence, in words; null when it is the same. */
export function evidenceChange(seen: TEvidence, now: TEvidence): string | null {
  if (hashEvidence(seen) === hashEvidence(now)) return null;
  if (seen.policyRevision !== now.policyRevision) return `the gate policy changed (revision ${seen.policyRevision} → ${now.policyRevision})`;
  if ((seen.dataset?.sha256 ?? null) !== (now.dataset?.sha256 ?? null)) return `the evaluation dataset changed (${seen.dataset?.name ?? "none"} → ${now.dataset?.name ?? "none"})`;
  if (seen.candidateEvaluationId !== now.candidateEvaluationId) return "a new evaluation of this version replaced the one that was approved";
  if ((seen.baseline?.versionId ?? null) !== (now.baseline?.versionId ?? null)) return `production changed (${seen.baseline ? `v${seen.baseline.number}` : "none"} → ${now.baseline ? `v${now.baseline.number}` : "none"})`;
  if ((seen.baseline?.evaluationId ?? null) !== (now.baseline?.evaluationId ?? null)) return "the production baseline was evaluated again";
  if (seen.intakeStatus !== now.intakeStatus) return `intake status changed (${seen.intakeStatus} → ${now.intakeStatus})`;
  return "the evidence changed";
}

function intakeItem(status: string): TGateItem {
  if (status === "PASSED") return { key: "intake", label: "Intake checks", status: "pass", detail: "all intake checks passed" };
  if (status === "PENDING" || status === "RUNNING") return { key: "intake", label: "Intake checks", status: "pending", detail: `intake ${status.toLowerCase()}` };
  return { key: "intake", label: "Intake checks", status: "fail", detail: `intake ${status.toLowerCase()}` };
}

function metricValue(e: TEvaluationSummary | null, metric: string): TMetricValue | null {
  return (e?.metrics.metrics as Record<string, TMetricValue> | undefined)?.[metric] ?? null;
}

function thresholdItem(t: TThreshold, e: TEvaluationSummary | null): TGateItem {
  const op = t.direction === "min" ? "≥" : "≤";
  const base = { key: `threshold:${t.metric}`, label: `${t.metric} ${op} ${t.value}` };
  if (!e) return { ...base, status: "pending", detail: `${t.metric} ${op} ${t.value}: waiting for the evaluation` };
  const m = metricValue(e, t.metric);
  if (!m || m.value === null) return { ...base, status: "fail", detail: `${t.metric} is undefined on this dataset${m?.reason ? `: ${m.reason}` : ""}` };
  const ok = t.direction === "min" ? m.value >= t.value : m.value <= t.value;
  return { ...base, status: ok ? "pass" : "fail", detail: `${t.metric} ${formatMetric(t.metric, m.value)} ${ok ? op : t.direction === "min" ? "<" : ">"} ${t.value}`, numbers: { value: m.value, threshold: t.value } };
}

function latencyItem(budgetMs: number, e: TEvaluationSummary | null): TGateItem {
  const base = { key: "latency", label: `p95 latency ≤ ${budgetMs} ms` };
  if (!e) return { ...base, status: "pending", detail: `p95 single-row latency ≤ ${budgetMs} ms: waiting for the evaluation` };
  const p95 = e.profile?.singleRowLatencyMs.p95;
  if (p95 === undefined) return { ...base, status: "fail", detail: "the evaluation has no latency profile; evaluate again" };
  const ok = p95 <= budgetMs;
  return { ...base, status: ok ? "pass" : "fail", detail: `p95 single-row latency ${p95.toFixed(3)} ms ${ok ? "≤" : ">"} ${budgetMs} ms`, numbers: { p95Ms: p95, budgetMs } };
}

/**
 * Candidate vs production on one metric. `allowed` is how far the candidate may fall behind:
 * `tolerance` in the metric's unit, or `tolerance × |production|` when relative. With a bootstrap
 * interval, the rule blocks only when the whole interval of (candidate − production), oriented so
 * that negative is worse, lies below −allowed: a drop must be significant to block.
 *
 * `boot` is undefined when the policy asks for no bootstrap, null while the interval is computed.
 * When there can be no interval (`unavailable`), the point comparison decides, which is the stricter
 * reading: a drop beyond the tolerance blocks until a re-evaluation gives the interval a chance.
 */
export function nonRegressionItem(rule: TNonRegression, candidate: TEvaluationSummary | null, base: TEvaluationSummary, productionNumber: number, boot?: TBootstrapOutcome): TGateItem {
  const key = `non_regression:${rule.metric}`;
  const label = `${rule.metric} vs production v${productionNumber}`;
  const b = metricValue(base, rule.metric);
  if (!candidate) return { key, label, status: "pending", detail: `${rule.metric} vs production v${productionNumber}: waiting for the evaluation` };
  const c = metricValue(candidate, rule.metric);
  if (!c || c.value === null || !b || b.value === null) return { key, label, status: "fail", detail: `${rule.metric} is undefined for ${!c || c.value === null ? "this version" : `production v${productionNumber}`} on this dataset` };
  // > 0: the candidate is better, < 0: worse (for a score a smaller value is worse, for a loss a larger one).
  const lossLike = lowerIsBetter(rule.metric);
  const change = lossLike ? b.value - c.value : c.value - b.value;
  const allowed = rule.mode === "absolute" ? rule.tolerance : rule.tolerance * Math.abs(b.value);
  const tol = rule.mode === "absolute" ? `tolerance −${rule.tolerance}` : `tolerance −${(rule.tolerance * 100).toFixed(1)} % (${allowed.toFixed(4)})`;
  const text = `${rule.metric} ${formatMetric(rule.metric, c.value)} vs production v${productionNumber}: ${formatMetric(rule.metric, b.value)}, ${tol}`;
  const numbers: TGateItem["numbers"] = { candidate: c.value, production: b.value, allowed };
  if (boot === undefined) {
    const ok = change >= -allowed;
    return { key, label, status: ok ? "pass" : "fail", detail: `${text} → ${ok ? "within tolerance" : "regression"}`, numbers };
  }
  if (boot === null) return { key, label, status: "pending", detail: `${text}; bootstrap interval being computed` };
  if ("unavailable" in boot) {
    const ok = change >= -allowed;
    const who = boot.reevaluate.map((role) => (role === "candidate" ? "this version" : `production v${productionNumber}`)).join(" and ");
    return { key, label, status: ok ? "pass" : "fail", detail: `${text} → ${ok ? "within tolerance" : "regression"}; no bootstrap interval: ${boot.unavailable}${who ? `; re-evaluate ${who}` : ""}`, numbers };
  }
  // The interval is of (candidate − production) in the metric's own direction; orient it like `change`.
  const [lo, hi] = lossLike ? [-boot.high, -boot.low] : [boot.low, boot.high];
  const blocks = hi < -allowed;
  const used = boot.undefinedResamples ? `${boot.resamples - boot.undefinedResamples} of ${boot.resamples} paired resamples; ${rule.metric} is undefined on the others` : `${boot.resamples} paired resamples`;
  const interval = `${Number((boot.confidence * 100).toPrecision(10))} % CI of the difference [${formatDelta(rule.metric, boot.low)}, ${formatDelta(rule.metric, boot.high)}] (${used})`;
  return {
    key, label, status: blocks ? "fail" : "pass",
    detail: `${text}; ${interval} → ${blocks ? "a significant regression" : change >= -allowed ? "within tolerance" : "the drop is not significant"}`,
    numbers: { ...numbers, intervalLow: boot.low, intervalHigh: boot.high, orientedLow: lo, orientedHigh: hi },
  };
}

async function activeRun(versionId: string, datasetSha256: string): Promise<string | null> {
  const run = await db.evaluationRun.findFirst({
    where: { versionId, status: { in: ["QUEUED", "RUNNING"] }, dataset: { sha256: datasetSha256 } },
    orderBy: { createdAt: "desc" },
    select: { status: true, rowsDone: true, rowsTotal: true },
  });
  if (!run) return null;
  if (run.status === "QUEUED") return "queued";
  return run.rowsTotal ? `running (${Math.round((100 * run.rowsDone) / run.rowsTotal)} %)` : "running";
}

