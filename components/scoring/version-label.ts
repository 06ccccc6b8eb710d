import type { TScoringJobDto } from "@/lib/scoring/scoring-job-dto";

/** "v3", or "production (v3)" once a production job has started and recorded its version. */
export function versionLabel(job: Pick<TScoringJobDto, "useProduction" | "version">): string {
  if (job.useProduction) return job.version ? `production (v${job.version.number})` : "production";
  return job.version ? `v${job.version.number}` : "—";
}
