import { describe, expect, it } from "vitest";
import { evidenceChange, hashEvidence, nonRegressionItem, overall, type TEvidence } from "@/lib/gates/gate-report";
import { defaultPolicy, parsePolicy } from "@/lib/gates/policy";
import type { TEvaluationSummary } from "@/lib/evaluation/latest-evaluations";

const evaluation = (metrics: Record<string, number | null>): TEvaluationSummary => ({
  id: "e", finishedAt: null, curves: null, profile: null, datasetName: "holdout",
  metrics: { task: "binary", rowCount: 100, metrics: Object.fromEntries(Object.entries(metrics).map(([k, value]) => [k, { value }])) } as unknown as TEvaluationSummary["metrics"],
});

describe("non-regression", () => {
  it("allows a drop within an absolute tolerance and blocks a larger one", () => {
    const rule = { metric: "roc_auc", mode: "absolute" as const, tolerance: 0.01 };
    const base = evaluation({ roc_auc: 0.9 });
    expect(nonRegressionItem(rule, evaluation({ roc_auc: 0.895 }), base, 3)).toMatchObject({ status: "pass", detail: "roc_auc 0.8950 vs production v3: 0.9000, tolerance −0.01 → within tolerance" });
    expect(nonRegressionItem(rule, evaluation({ roc_auc: 0.88 }), base, 3)).toMatchObject({ status: "fail", detail: "roc_auc 0.8800 vs production v3: 0.9000, tolerance −0.01 → regression" });
    expect(nonRegressionItem(rule, evaluation({ roc_auc: 0.95 }), base, 3).status).toBe("pass");
  });

  it("reads a loss the other way round, with a relative tolerance", () => {
    const rule = { metric: "rmse", mode: "relative" as const, tolerance: 0.05 };
    const base = evaluation({ rmse: 10 });
    expect(nonRegressionItem(rule, evaluation({ rmse: 10.4 }), base, 1).status).toBe("pass");
    expect(nonRegressionItem(rule, evaluation({ rmse: 10.6 }), base, 1)).toMatchObject({ status: "fail", numbers: { allowed: 0.5 } });
    expect(nonRegressionItem(rule, evaluation({ rmse: 8 }), base, 1).status).toBe("pass");
  });

  it("fails with the reason when the metric is undefined, and waits without a candidate evaluation", () => {
    const rule = { metric: "roc_auc", mode: "absolute" as const, tolerance: 0.01 };
    expect(nonRegressionItem(rule, evaluation({ roc_auc: null }), evaluation({ roc_auc: 0.9 }), 2)).toMatchObject({ status: "fail", detail: "roc_auc is undefined for this version on this dataset" });
    expect(nonRegressionItem(rule, null, evaluation({ roc_auc: 0.9 }), 2).status).toBe("pending");
  });

  it("with a bootstrap interval, blocks only a significant drop", () => {
    const rule = { metric: "roc_auc", mode: "absolute" as const, tolerance: 0.01 };
    const base = evaluation({ roc_auc: 0.9 });
    const boot = (low: number, high: number) => ({ metric: "roc_auc", low, high, mean: (low + high) / 2, resamples: 1000, confidence: 0.95, rows: 100 });
    // A 0.03 drop whose interval reaches above −0.01 is not significant.
    expect(nonRegressionItem(rule, evaluation({ roc_auc: 0.87 }), base, 1, boot(-0.06, 0.0)).status).toBe("pass");
    expect(nonRegressionItem(rule, evaluation({ roc_auc: 0.87 }), base, 1, boot(-0.05, -0.02)).status).toBe("fail");
    // For a loss, a positive difference is the worse direction.
    const loss = { metric: "log_loss", mode: "absolute" as const, tolerance: 0.01 };
    expect(nonRegressionItem(loss, evaluation({ log_loss: 0.33 }), evaluation({ log_loss: 0.3 }), 1, boot(0.02, 0.04)).status).toBe("fail");
    expect(nonRegressionItem(loss, evaluation({ log_loss: 0.33 }), evaluation({ log_loss: 0.3 }), 1, boot(-0.01, 0.05)).status).toBe("pass");
    expect(nonRegressionItem(rule, evaluation({ roc_auc: 0.87 }), base, 1, null).status).toBe("pending");
  });
});

describe("evidence", () => {
  const seen: TEvidence = { policyRevision: 1, modelSha256: "m", intakeStatus: "PASSED", dataset: { id: "d", name: "holdout", sha256: "s" }, candidateEvaluationId: "e1", baseline: { versionId: "v1", number: 1, evaluationId: "b1" } };

  it("names what changed since an approval", () => {
    expect(evidenceChange(seen, { ...seen })).toBeNull();
    expect(evidenceChange(seen, { ...seen, policyRevision: 2 })).toBe("the gate policy changed (revision 1 → 2)");
    expect(evidenceChange(seen, { ...seen, candidateEvaluationId: "e2" })).toBe("a new evaluation of this version replaced the one that was approved");
    expect(evidenceChange(seen, { ...seen, baseline: { versionId: "v4", number: 4, evaluationId: null } })).toBe("production changed (v1 → v4)");
    expect(evidenceChange(seen, { ...seen, baseline: { ...seen.baseline!, evaluationId: "b2" } })).toBe("the production baseline was evaluated again");
    expect(evidenceChange(seen, { ...seen, dataset: { id: "d2", name: "holdout-2", sha256: "t" } })).toBe("the evaluation dataset changed (holdout → holdout-2)");
    expect(hashEvidence(seen)).toBe(hashEvidence({ ...seen, dataset: { ...seen.dataset!, name: "renamed" } }));
  });

  it("combines gate statuses: any fail fails, else any pending is pending", () => {
    expect(overall([{ status: "pass" }, { status: "pending" }])).toBe("pending");
    expect(overall([{ status: "pending" }, { status: "fail" }])).toBe("fail");
    expect(overall([])).toBe("pass");
  });
});

describe("policy", () => {
  it("accepts each task's defaults and refuses another task's metrics, duplicates and impossible values", () => {
    for (const task of ["BINARY", "MULTICLASS", "REGRESSION"] as const) expect(parsePolicy(task, defaultPolicy(task))).toEqual(defaultPolicy(task));
    const p = defaultPolicy("BINARY");
    expect(() => parsePolicy("BINARY", { ...p, staging: { ...p.staging, thresholds: [{ metric: "r2", direction: "min", value: 0.5 }] } })).toThrow(/'r2' is not a binary metric/);
    expect(() => parsePolicy("BINARY", { ...p, staging: { ...p.staging, thresholds: [...p.staging.thresholds, ...p.staging.thresholds] } })).toThrow(/listed twice/);
    expect(() => parsePolicy("BINARY", { ...p, production: { ...p.production, approvals: 0 } })).toThrow(/at least one approval/);
    expect(() => parsePolicy("BINARY", { ...p, production: { ...p.production, nonRegression: [{ metric: "roc_auc", mode: "absolute", tolerance: -1 }] } })).toThrow(/0 or more/);
  });
});
