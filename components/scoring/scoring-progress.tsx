"use client";

import { Progress } from "@/components/ui/progress";
import type { TScoringJobDto } from "@/lib/scoring/scoring-job-dto";

type TJob = Pick<TScoringJobDto, "status" | "rowsTotal" | "rowsDone" | "rowsFailed" | "rowsPerSecond" | "etaSeconds">;

function formatEta(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, seconds)} s left`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

/**
 * A scoring job's progress bar: rows read (scored and bad) against the dataset's row count, with rows
 * per second and an ETA while it runs; indeterminate while the job waits for a worker.
 */
export function ScoringProgress({ job, size = "md" }: { job: TJob; size?: "sm" | "md" }) {
  const total = job.rowsTotal ?? 0;
  if (job.status === "QUEUED") return <Progress value={null} max={1} label="Waiting for a worker" valueText="queued" showValue size={size} />;
  const read = job.rowsDone + job.rowsFailed;
  const parts = [`${read.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows`];
  if (job.rowsPerSecond) parts.push(`${Math.round(job.rowsPerSecond).toLocaleString("en-US")} rows/s`);
  if (job.etaSeconds !== null) parts.push(formatEta(job.etaSeconds));
  if (job.rowsFailed) parts.push(`${job.rowsFailed.toLocaleString("en-US")} bad`);
  return <Progress value={read} max={total || 1} label="Scoring" valueText={parts.join(" · ")} showValue size={size} />;
}
