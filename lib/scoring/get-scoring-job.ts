import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { SCORING_JOB_SELECT, toScoringJobDto } from "@/lib/scoring/scoring-job-dto";

// GET /api/v1/scoring-jobs/{id}: status, progress (rows, rows/s, ETA), the version used, downloads.
export async function getScoringJob(actor: TActor, id: string) {
  const row = await db.scoringJob.findUnique({ where: { id }, select: SCORING_JOB_SELECT });
  if (!row) throw notFound("Scoring job");
  assertCan(actor, "model.read", row.model.teamId, "Scoring job");
  return toScoringJobDto(row);
}
