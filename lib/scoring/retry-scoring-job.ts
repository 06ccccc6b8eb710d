import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";
import { queueScoringJob } from "@/lib/scoring/start-scoring-job";

// POST /api/v1/scoring-jobs/{id}/retry: a failed or cancelled job is run again as a new job with the
// same model, version (or "production", resolved anew), dataset, error share and schedule. The old
// row stays as it was, for the record.
export async function retryScoringJob(actor: TActor, id: string): Promise<{ id: string; created: boolean }> {
  const job = await db.scoringJob.findUnique({
    where: { id },
    select: {
      status: true, useProduction: true, versionId: true, maxErrorShare: true, scheduleId: true,
      model: { select: { id: true, name: true, teamId: true } },
      dataset: { select: { id: true, name: true, sha256: true } },
    },
  });
  if (!job) throw notFound("Scoring job");
  assertCan(actor, "scoring.run", job.model.teamId, "Scoring job");
  if (job.status !== "FAILED" && job.status !== "CANCELLED") throw conflict(`Only a failed or cancelled job can be retried; this one is ${job.status.toLowerCase()}`);
  return queueScoringJob({
    model: job.model, versionId: job.useProduction ? null : job.versionId, dataset: job.dataset, maxErrorShare: job.maxErrorShare,
    scheduleId: job.scheduleId, requestedById: actor.userId, auditActor: actor,
  });
}
