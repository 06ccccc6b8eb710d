"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Download, FileWarning, RotateCcw, Square } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { KeyValueList } from "@/components/ui/key-value-list";
import { ScoringProgress } from "@/components/scoring/scoring-progress";
import { scoringKeys } from "@/components/scoring/scoring-keys";
import { versionLabel } from "@/components/scoring/version-label";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TScoringJobDto } from "@/lib/scoring/scoring-job-dto";
import { formatBytes, shortSha } from "@/lib/utils/format";

const ACTIVE = new Set(["QUEUED", "RUNNING"]);

function when(d: Date | string | null): string | null {
  return d ? new Date(d).toISOString().slice(0, 19).replace("T", " ") + " UTC" : null;
}

// One scoring job: progress (rows, rows/s, ETA) refreshed every second while it runs, cancel, retry
// (a new job), the output and the error report to download, and what the job was asked to do.
export function ScoringJobView({ initial, canRun }: { initial: TScoringJobDto; canRun: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const { data: job } = useQuery({
    queryKey: scoringKeys.job(initial.id),
    queryFn: () => apiFetch<{ scoringJob: TScoringJobDto }>(routes.api.scoringJob(initial.id)).then((r) => r.scoringJob),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && ACTIVE.has(q.state.data.status) ? 1000 : false),
  });
  const cancel = useMutation({
    mutationFn: () => apiFetch<{ scoringJob: TScoringJobDto }>(routes.api.cancelScoringJob(job.id), { method: "POST" }),
    onSuccess: (r) => { setError(null); queryClient.setQueryData(scoringKeys.job(job.id), r.scoringJob); },
    onError: (e) => setError(e instanceof ApiError ? e.message : "Could not cancel"),
  });
  const retry = useMutation({
    mutationFn: () => apiFetch<{ scoringJob: TScoringJobDto }>(routes.api.retryScoringJob(job.id), { method: "POST" }),
    onSuccess: (r) => router.push(routes.scoringJob(r.scoringJob.id)),
    onError: (e) => setError(e instanceof ApiError ? e.message : "Could not retry"),
  });
  const active = ACTIVE.has(job.status);
  const share = `${+(job.maxErrorShare * 100).toFixed(2)}%`;

  return (
    <div className="space-y-6" data-scoring-job={job.id} data-status={job.status}>
      <Card>
        <CardHeader>
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="space-y-1.5">
              <CardTitle className="flex items-center gap-2">Status <StatusBadge status={job.status} /></CardTitle>
              <CardDescription>{active ? "Refreshes every second." : job.finishedAt ? `Finished ${when(job.finishedAt)}.` : null}</CardDescription>
            </div>
            <div className="flex flex-wrap gap-2">
              {active && canRun ? (
                <Button variant="outline" size="sm" onClick={() => cancel.mutate()} disabled={Boolean(job.cancelRequestedAt)} loading={cancel.isPending}>
                  <Square aria-hidden className="size-3.5" />{job.cancelRequestedAt ? "Cancelling…" : "Cancel"}
                </Button>
              ) : null}
              {(job.status === "FAILED" || job.status === "CANCELLED") && canRun ? (
                <Button variant="outline" size="sm" onClick={() => retry.mutate()} loading={retry.isPending}><RotateCcw aria-hidden className="size-3.5" />Retry</Button>
              ) : null}
            </div>
          </div>
        </CardHeader>
        <CardContent className="space-y-4">
          {error ? <Alert variant="danger" title={error} /> : null}
          {active ? <ScoringProgress job={job} /> : null}
          {job.status === "FAILED" ? <Alert variant="danger" title="Scoring failed; nothing was published" description={job.error ?? undefined} /> : null}
          {job.status === "CANCELLED" ? <p className="text-sm text-muted-foreground">{job.error ?? "Cancelled."} Nothing was published.</p> : null}
          {job.status === "SUCCEEDED" ? (
            <div className="space-y-3">
              <p className="text-sm">
                <span className="font-medium tabular-nums">{job.rowsDone.toLocaleString("en-US")}</span> rows scored
                {job.rowsFailed ? <>, <span className="font-medium tabular-nums">{job.rowsFailed.toLocaleString("en-US")}</span> bad rows skipped (listed in the error report)</> : null}
                {job.rowsPerSecond ? <span className="text-muted-foreground"> · {Math.round(job.rowsPerSecond).toLocaleString("en-US")} rows/s</span> : null}
              </p>
              <div className="flex flex-wrap gap-2">
                {job.output ? (
                  <Button asChild size="sm">
                    <a href={routes.api.scoringJobOutput(job.id)} download={job.output.filename}><Download aria-hidden className="size-4" />Download output ({formatBytes(job.output.size)})</a>
                  </Button>
                ) : null}
                {job.errorReport ? (
                  <Button asChild size="sm" variant="outline">
                    <a href={routes.api.scoringJobErrors(job.id)} download={job.errorReport.filename}><FileWarning aria-hidden className="size-4" />Download error report</a>
                  </Button>
                ) : null}
              </div>
            </div>
          ) : null}
        </CardContent>
      </Card>
      <Card>
        <CardHeader><CardTitle>Job</CardTitle></CardHeader>
        <CardContent>
          <KeyValueList
            items={[
              { label: "Model", value: <Link className="hover:underline" href={routes.model(job.model.id)}>{job.model.name}</Link> },
              { label: "Version", value: job.version ? <Link className="hover:underline" href={routes.version(job.version.id)}>{versionLabel(job)}</Link> : versionLabel(job) },
              { label: "Dataset", value: <Link className="hover:underline" href={routes.dataset(job.dataset.id)}>{job.dataset.name} ({job.dataset.rowCount.toLocaleString("en-US")} rows)</Link> },
              { label: "Bad rows tolerated", value: share },
              { label: "Schedule", value: job.schedule?.name },
              { label: "Requested", value: `${job.requestedBy.name}, ${when(job.createdAt)}` },
              { label: "Started", value: when(job.startedAt) },
              { label: "Attempts", value: job.attempts || null },
              { label: "Output sha256", value: job.output ? <span className="font-mono text-xs" title={job.output.sha256}>{shortSha(job.output.sha256)}…</span> : null },
            ]}
          />
        </CardContent>
      </Card>
    </div>
  );
}
