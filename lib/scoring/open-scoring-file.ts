import { stat } from "node:fs/promises";
import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { artifactPath } from "@/lib/storage/artifact-store";
import { SCORING_JOB_SELECT, toScoringJobDto } from "@/lib/scoring/scoring-job-dto";

// GET /api/v1/scoring-jobs/{id}/output and /errors: where the published file is, its size and the
// name to save it under. A job that has not succeeded (or had no bad rows) has no such file: 404.
export async function openScoringFile(actor: TActor, id: string, which: "output" | "errors"): Promise<{ path: string; size: number; filename: string }> {
  const row = await db.scoringJob.findUnique({ where: { id }, select: SCORING_JOB_SELECT });
  if (!row) throw notFound("Scoring job");
  assertCan(actor, "model.read", row.model.teamId, "Scoring job");
  const dto = toScoringJobDto(row);
  const key = which === "output" ? row.outputKey : row.errorReportKey;
  const filename = which === "output" ? dto.output?.filename : dto.errorReport?.filename;
  if (row.status !== "SUCCEEDED" || !key || !filename) throw notFound(which === "output" ? "Output of this scoring job" : "Error report of this scoring job");
  const path = artifactPath(key);
  const size = await stat(path).then((s) => s.size, () => null);
  if (size === null) throw notFound(which === "output" ? "Output file" : "Error report file");
  return { path, size, filename };
}
