import { z } from "zod";
import { db } from "@/lib/db";
import { teamsWhere } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SCORING_JOB_SELECT, toScoringJobDto } from "@/lib/scoring/scoring-job-dto";

export const ZListScoringJobsQuery = z.object({
  model: z.string().trim().max(100).optional().transform((v) => v || undefined),
  schedule: z.string().trim().max(100).optional().transform((v) => v || undefined),
  limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit must be between 1 and 200").max(200, "limit must be between 1 and 200").optional(),
});

// GET /api/v1/scoring-jobs?model=&schedule=&limit=: newest first, in the caller's teams only (a model
// of another team simply has no jobs here).
export async function listScoringJobs(actor: TActor, raw: unknown) {
  const query = ZListScoringJobsQuery.parse(raw);
  const where: Prisma.ScoringJobWhereInput = { model: { teamId: { in: teamsWhere(actor, "model.read") } } };
  if (query.model) where.modelId = query.model;
  if (query.schedule) where.scheduleId = query.schedule;
  const rows = await db.scoringJob.findMany({ where, orderBy: { createdAt: "desc" }, take: query.limit ?? 50, select: SCORING_JOB_SELECT });
  return rows.map(toScoringJobDto);
}
