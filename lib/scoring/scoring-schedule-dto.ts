import type { Prisma } from "@/lib/generated/prisma/client";
import { nextRunOf } from "@/lib/scoring/schedule-input";
import { SCORING_JOB_SELECT, toScoringJobDto } from "@/lib/scoring/scoring-job-dto";

const RUNS_PER_SCHEDULE = 5;

export const SCORING_SCHEDULE_SELECT = {
  id: true, name: true, cron: true, timezone: true, active: true, lastRunAt: true, createdAt: true,
  model: { select: { id: true, name: true, teamId: true } },
  dataset: { select: { id: true, name: true, rowCount: true } },
  createdBy: { select: { name: true } },
  jobs: { orderBy: { createdAt: "desc" }, take: RUNS_PER_SCHEDULE, select: SCORING_JOB_SELECT },
} as const satisfies Prisma.ScoringScheduleSelect;

/** A schedule with its next run (none while paused) and its latest runs, each with its output once published. */
export function toScoringScheduleDto({ jobs, ...s }: Prisma.ScoringScheduleGetPayload<{ select: typeof SCORING_SCHEDULE_SELECT }>) {
  const next = s.active ? nextRunOf(s.cron, s.timezone) : null;
  return { ...s, nextRunAt: next && "at" in next ? next.at : null, runs: jobs.map(toScoringJobDto) };
}
export type TScoringScheduleDto = ReturnType<typeof toScoringScheduleDto>;
