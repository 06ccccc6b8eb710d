import { z } from "zod";
import type { ModelTask } from "@/lib/generated/prisma/enums";
import { BINARY_METRIC_KEYS, MULTICLASS_METRIC_KEYS, REGRESSION_METRIC_KEYS } from "@/lib/metrics/types";
import { lowerIsBetter } from "@/lib/metrics/metric-info";

// The gate policy of a model: what a version must show to reach STAGING, and on top of that to reach
// PRODUCTION. Stored as JSON on gate_policies (one row per model, `revision` bumped on each change);
// a model without a row uses the defaults for its task.

const METRICS_BY_TASK: Record<ModelTask, readonly string[]> = {
  BINARY: BINARY_METRIC_KEYS,
  MULTICLASS: MULTICLASS_METRIC_KEYS,
  REGRESSION: REGRESSION_METRIC_KEYS,
};

export function metricsForTask(task: ModelTask): readonly string[] {
  return METRICS_BY_TASK[task];
}

const ZMetric = z.string().min(1).max(40);

const ZThreshold = z.object({
  metric: ZMetric,
  /** "min": the metric must be at least `value` (AUC, F1, R²); "max": at most (log loss, RMSE). */
  direction: z.enum(["min", "max"]),
  value: z.number().finite(),
});

const ZNonRegression = z.object({
  metric: ZMetric,
  /** How far the candidate may fall behind production: in the metric's unit, or as a share of production's value. */
  mode: z.enum(["absolute", "relative"]),
  tolerance: z.number().finite().min(0, "a tolerance is 0 or more"),
});

export const ZGatePolicy = z.object({
  staging: z.object({
    thresholds: z.array(ZThreshold).max(20),
    /** p95 single-row latency budget from the evaluation's profile; null: no latency gate. */
    latencyP95Ms: z.number().positive("the latency budget must be more than 0 ms").max(60_000).nullable(),
    /** Approvals needed to enter STAGING (0: the gates alone decide). */
    approvals: z.number().int().min(0).max(10),
  }),
  production: z.object({
    nonRegression: z.array(ZNonRegression).max(20),
    /** When on, a drop blocks only if the paired bootstrap interval of (candidate − production) lies wholly beyond the tolerance. */
    bootstrap: z.object({ enabled: z.boolean(), resamples: z.number().int().min(100).max(5000), confidence: z.number().min(0.5).max(0.999) }),
    approvals: z.number().int().min(1, "production needs at least one approval").max(10),
  }),
});
export type TGatePolicy = z.infer<typeof ZGatePolicy>;
export type TThreshold = z.infer<typeof ZThreshold>;
export type TNonRegression = z.infer<typeof ZNonRegression>;

/**
 * Defaults, chosen so a useful first model passes and a clearly worse one does not:
 * - binary: ROC AUC ≥ 0.70 (well above chance, reachable by a first model); production may lose at
 *   most 0.01 AUC and 0.02 average precision (the metric that moves when the rare class is missed);
 * - multiclass: macro F1 ≥ 0.60 (every class counts, the rare one too); production: macro F1 and
 *   accuracy within 0.01;
 * - regression: R² ≥ 0.50; production: RMSE at most 5 % worse (relative, since RMSE has the target's unit);
 * - p95 single-row latency ≤ 10 ms in the sandbox (online scoring answers a waiting caller);
 * - staging needs no approval (it is where candidates are tried), production one approver other
 *   than the uploader and the requester; the bootstrap is off until a team opts in (it needs the
 *   per-row predictions of both versions and costs a few seconds per metric).
 */
export function defaultPolicy(task: ModelTask): TGatePolicy {
  const bootstrap = { enabled: false, resamples: 1000, confidence: 0.95 };
  if (task === "BINARY") {
    return {
      staging: { thresholds: [{ metric: "roc_auc", direction: "min", value: 0.7 }], latencyP95Ms: 10, approvals: 0 },
      production: { nonRegression: [{ metric: "roc_auc", mode: "absolute", tolerance: 0.01 }, { metric: "average_precision", mode: "absolute", tolerance: 0.02 }], bootstrap, approvals: 1 },
    };
  }
  if (task === "MULTICLASS") {
    return {
      staging: { thresholds: [{ metric: "macro_f1", direction: "min", value: 0.6 }], latencyP95Ms: 10, approvals: 0 },
      production: { nonRegression: [{ metric: "macro_f1", mode: "absolute", tolerance: 0.01 }, { metric: "accuracy", mode: "absolute", tolerance: 0.01 }], bootstrap, approvals: 1 },
    };
  }
  return {
    staging: { thresholds: [{ metric: "r2", direction: "min", value: 0.5 }], latencyP95Ms: 10, approvals: 0 },
    production: { nonRegression: [{ metric: "rmse", mode: "relative", tolerance: 0.05 }], bootstrap, approvals: 1 },
  };
}

/** Validates a policy for a model's task: metric keys must be the task's, each listed once per section. */
export function parsePolicy(task: ModelTask, raw: unknown): TGatePolicy {
  const policy = ZGatePolicy.parse(raw);
  const allowed = new Set(metricsForTask(task));
  const issues: z.core.$ZodIssue[] = [];
  const check = (section: string, items: { metric: string }[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const path = [section.split(".")[0], section.split(".")[1], i, "metric"];
      if (!allowed.has(item.metric)) issues.push({ code: "custom", path, message: `'${item.metric}' is not a ${task.toLowerCase()} metric (one of ${[...allowed].join(", ")})`, input: item.metric });
      else if (seen.has(item.metric)) issues.push({ code: "custom", path, message: `'${item.metric}' is listed twice`, input: item.metric });
      seen.add(item.metric);
    });
  };
  check("staging.thresholds", policy.staging.thresholds);
  check("production.nonRegression", policy.production.nonRegression);
  if (issues.length) throw new z.ZodError(issues);
  return policy;
}

/** The natural direction of a threshold on `metric` ("min" for scores, "max" for losses). */
export function naturalDirection(metric: string): "min" | "max" {
  return lowerIsBetter(metric) ? "max" : "min";
}
