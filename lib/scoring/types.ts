import type { TSandboxModel } from "@/lib/sandbox/sandbox-model";

// What crosses the scoring sandbox's IPC channel (workers/sandbox/score-child.ts). Plain data only.
export type TScoreInput = TSandboxModel & {
  datasetPath: string;
  /** New files the child creates ('wx') and the parent stores once the result is in. */
  outputPath: string;
  errorsPath: string;
  /** The dataset's row count when known: lets a job with too many bad rows stop early. */
  rowsTotal: number | null;
  /** The job fails when more than this share (0..1) of the rows cannot be scored. */
  maxErrorShare: number;
};

export type TScoreResult =
  | { ok: true; rowsScored: number; rowsFailed: number; columns: string[]; scoreMs: number }
  | { ok: false; reason: string; rowsScored: number; rowsFailed: number };

export type TScoreMessage =
  | { type: "progress"; rowsDone: number; rowsFailed: number; rowsPerSecond: number }
  | { type: "result"; result: TScoreResult };
