"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Download, ListChecks } from "lucide-react";
import { StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ScoringProgress } from "@/components/scoring/scoring-progress";
import { scoringKeys } from "@/components/scoring/scoring-keys";
import { versionLabel } from "@/components/scoring/version-label";
import { apiFetch } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TScoringJobDto } from "@/lib/scoring/scoring-job-dto";
import { formatBytes } from "@/lib/utils/format";

const ACTIVE = new Set(["QUEUED", "RUNNING"]);

// The jobs list of the Batch scoring page, refreshed every second while a job is queued or running.
export function ScoringJobsTable({ initial, modelId }: { initial: TScoringJobDto[]; modelId?: string }) {
  const { data: jobs } = useQuery({
    queryKey: scoringKeys.jobs(modelId),
    queryFn: () => apiFetch<{ scoringJobs: TScoringJobDto[] }>(routes.api.scoringJobs({ model: modelId })).then((r) => r.scoringJobs),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.some((j) => ACTIVE.has(j.status)) ? 1000 : false),
  });
  if (jobs.length === 0) {
    return <EmptyState icon={<ListChecks aria-hidden />} title="No scoring jobs yet" description="Start one with the form: choose a model, a version or production, and a dataset." />;
  }
  return (
    <Table aria-label="Scoring jobs">
      <THead>
        <TR>
          <TH>Model</TH>
          <TH className="hidden md:table-cell">Dataset</TH>
          <TH>Status</TH>
          <TH className="min-w-48">Rows</TH>
          <TH className="hidden lg:table-cell">Requested</TH>
        </TR>
      </THead>
      <TBody>
        {jobs.map((j) => (
          <TR key={j.id} data-scoring-job={j.id} data-status={j.status}>
            <TD>
              <Link href={routes.scoringJob(j.id)} className="font-medium text-foreground hover:underline">{j.model.name}</Link>
              <div className="text-xs text-muted-foreground">{versionLabel(j)}{j.schedule ? ` · schedule ${j.schedule.name}` : ""}</div>
            </TD>
            <TD className="hidden md:table-cell">{j.dataset.name}</TD>
            <TD><StatusBadge status={j.status} /></TD>
            <TD>
              {ACTIVE.has(j.status) ? (
                <ScoringProgress job={j} size="sm" />
              ) : j.status === "SUCCEEDED" && j.output ? (
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <span className="tabular-nums">{j.rowsDone.toLocaleString("en-US")} scored{j.rowsFailed ? `, ${j.rowsFailed.toLocaleString("en-US")} bad` : ""}</span>
                  <a href={routes.api.scoringJobOutput(j.id)} download className="inline-flex items-center gap-1 text-primary-text hover:underline">
                    <Download aria-hidden className="size-3.5" />CSV, {formatBytes(j.output.size)}
                  </a>
                </div>
              ) : (
                <span className="line-clamp-2 text-sm text-muted-foreground">{j.error ?? "—"}</span>
              )}
            </TD>
            <TD className="hidden text-sm text-muted-foreground lg:table-cell">{j.requestedBy.name}, <RelativeTime date={j.createdAt} /></TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
