import type { Prisma } from "@/lib/generated/prisma/client";

export const SCORING_JOB_SELECT = {
  id: true, status: true, useProduction: true, rowsTotal: true, rowsDone: true, rowsFailed: true, rowsPerSecond: true, maxErrorShare: true,
  attempts: true, error: true, outputKey: true, outputSize: true, outputSha256: true, errorReportKey: true,
  cancelRequestedAt: true, startedAt: true, finishedAt: true, createdAt: true,
  requestedBy: { select: { name: true, email: true } },
  model: { select: { id: true, name: true, task: true, teamId: true } },
  version: { select: { id: true, number: true, stage: true } },
  dataset: { select: { id: true, name: true, rowCount: true, sha256: true } },
  schedule: { select: { id: true, name: true } },
} as const satisfies Prisma.ScoringJobSelect;

type TRow = Prisma.ScoringJobGetPayload<{ select: typeof SCORING_JOB_SELECT }>;

/**
 * A scoring job as the API and the UI show it: progress counts rows read (scored and bad) against the
 * dataset's row count, with rows/s and an ETA while it runs; the output and error report appear only
 * once published. Storage keys stay on the server: downloads go through the job's routes.
 */
export function toScoringJobDto(row: TRow) {
  const { outputKey, outputSize, outputSha256, errorReportKey, ...rest } = row;
  const read = row.rowsDone + row.rowsFailed;
  const remaining = row.rowsTotal !== null && row.rowsPerSecond ? Math.max(0, row.rowsTotal - read) / row.rowsPerSecond : null;
  return {
    ...rest,
    etaSeconds: row.status === "RUNNING" && remaining !== null ? Math.round(remaining) : null,
    output: outputKey && outputSha256 ? { size: Number(outputSize ?? 0), sha256: outputSha256, filename: outputFilename(row) } : null,
    errorReport: errorReportKey ? { filename: outputFilename(row).replace(/\.csv$/, "-errors.csv") } : null,
  };
}
export type TScoringJobDto = ReturnType<typeof toScoringJobDto>;

// [a-z0-9._-] only (model and dataset names follow the model name rules), so the name needs no
// quoting in a Content-Disposition header.
function outputFilename(row: TRow): string {
  const version = row.version ? `v${row.version.number}` : "production";
  return `${row.model.name}-${version}-${row.dataset.name}-scored.csv`.replace(/[^a-z0-9._-]/gi, "_");
}
