import type { TBinaryMetrics, TMulticlassMetrics, TRegressionMetrics } from "@/lib/metrics/types";
import type { TSandboxModel } from "@/lib/sandbox/sandbox-model";

// What crosses the evaluation sandbox's IPC channel. Plain data only.
export type TEvaluateInput = TSandboxModel & {
  datasetPath: string;
  labelColumn: string;
  rowsTotal: number | null;
  profile: boolean;
};

export type TProfile = {
  modelLoadMs: number;
  singleRowLatencyMs: { p50: number; p95: number; p99: number; runs: number };
  rowsPerSecond: { batch1: number; batch64: number; batch1024: number };
  peakRssMb: number;
  cpuSeconds: number;
};

export type TEvaluationMetrics = TBinaryMetrics | TMulticlassMetrics | TRegressionMetrics;

export type TEvaluateResult =
  | { ok: true; rows: number; metrics: TEvaluationMetrics; profile: TProfile | null; evaluateMs: number }
  | { ok: false; reason: string };

export type TEvaluateMessage =
  | { type: "progress"; rowsDone: number; rowsPerSecond: number; phase: "scoring" | "profiling" }
  | { type: "result"; result: TEvaluateResult };
