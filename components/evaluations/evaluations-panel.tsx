"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { MetricGrid } from "@/components/evaluations/metric-grid";
import { EvaluationCharts } from "@/components/evaluations/evaluation-charts";
import { evaluationKeys } from "@/components/evaluations/evaluation-keys";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TEvaluationDto } from "@/lib/evaluation/get-evaluation";
import type { TMetricValue } from "@/lib/metrics/types";
import type { TEvaluationMetrics, TProfile } from "@/lib/evaluation/types";

type TDataset = { id: string; name: string; rowCount: number; role: string; isDefault: boolean };
type TRun = Omit<TEvaluationDto, "metrics" | "curves" | "profile"> & {
  metrics: { task: string; metrics: Record<string, TMetricValue> } | null;
  curves: Record<string, unknown> | null;
  profile: TProfile | null;
};

const ACTIVE = new Set(["QUEUED", "RUNNING"]);

// Start an evaluation on one of the model's evaluation datasets and watch it run: a progress bar
// with rows done, rows/s and ETA, cancel, then the metrics and the latency profile.
export function EvaluationsPanel({ versionId, canRun, datasets, initial, classLabels }: { versionId: string; canRun: boolean; datasets: TDataset[]; initial: TRun[]; classLabels?: string[] }) {
  const queryClient = useQueryClient();
  const evaluationDatasets = datasets.filter((d) => d.role === "EVALUATION");
  const [datasetId, setDatasetId] = useState(evaluationDatasets.find((d) => d.isDefault)?.id ?? evaluationDatasets[0]?.id ?? "");
  const [error, setError] = useState<string | null>(null);
  const { data: runs } = useQuery({
    queryKey: evaluationKeys.forVersion(versionId),
    queryFn: () => apiFetch<{ evaluations: TRun[] }>(routes.api.versionEvaluations(versionId)).then((r) => r.evaluations),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.some((r) => ACTIVE.has(r.status)) ? 1000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: evaluationKeys.forVersion(versionId) });
  const start = useMutation({
    mutationFn: (dataset: string) => apiFetch(routes.api.evaluations(), { body: { versionId, datasetId: dataset } }),
    onSuccess: () => { setError(null); void refresh(); },
    onError: (e) => setError(e instanceof ApiError ? e.message : "Could not start the evaluation"),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => apiFetch(routes.api.cancelEvaluation(id), { method: "POST" }),
    onSuccess: () => void refresh(),
    onError: (e) => setError(e instanceof ApiError ? e.message : "Could not cancel"),
  });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Evaluations</CardTitle>
        <CardDescription>Scores an evaluation dataset with this version in a worker; metrics are scikit-learn&apos;s definitions.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        {error ? <Alert variant="danger" title={error} /> : null}
        {canRun ? (
          evaluationDatasets.length ? (
            <form className="flex flex-col gap-2 sm:flex-row sm:items-center" onSubmit={(e) => { e.preventDefault(); start.mutate(datasetId); }} aria-label="Start an evaluation">
              <label htmlFor="eval-dataset" className="text-sm font-medium">Dataset</label>
              <select id="eval-dataset" value={datasetId} onChange={(e) => setDatasetId(e.target.value)} className="h-9 flex-1 rounded-md border border-input bg-card px-3 text-sm">
                {evaluationDatasets.map((d) => <option key={d.id} value={d.id}>{d.name} ({d.rowCount.toLocaleString()} rows){d.isDefault ? " — default" : ""}</option>)}
              </select>
              <Button type="submit" loading={start.isPending}>Evaluate</Button>
            </form>
          ) : (
            <p className="text-sm text-muted-foreground">Attach an evaluation dataset to the model to evaluate this version.</p>
          )
        ) : null}
        {runs.length === 0 ? <p className="text-sm text-muted-foreground">No evaluations yet.</p> : null}
        <ol className="space-y-4">
          {runs.map((r) => (
            <RunItem key={r.id} run={r} canAct={canRun} classLabels={classLabels} onCancel={() => cancel.mutate(r.id)} onRetry={() => start.mutate(r.dataset.id)} />
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

function RunItem({ run, canAct, onCancel, onRetry, classLabels }: { run: TRun; canAct: boolean; onCancel: () => void; onRetry: () => void; classLabels?: string[] }) {
  const active = ACTIVE.has(run.status);
  const total = run.rowsTotal ?? 0;
  // Every row is scored and the run is still going: the sandbox is measuring the latency profile.
  const profiling = run.status === "RUNNING" && total > 0 && run.rowsDone >= total;
  return (
    <li className="space-y-3 rounded-lg border border-border p-4" data-evaluation={run.id} data-status={run.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="text-sm">
          <span className="font-medium">{run.dataset.name}</span>
          <span className="text-muted-foreground"> · requested by {run.requestedBy.name} · {new Date(run.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC</span>
        </div>
        <div className="flex items-center gap-2">
          <StatusBadge status={run.status} />
          {active && canAct ? <Button size="sm" variant="outline" onClick={onCancel} disabled={Boolean(run.cancelRequestedAt)}>{run.cancelRequestedAt ? "Cancelling…" : "Cancel"}</Button> : null}
          {(run.status === "FAILED" || run.status === "CANCELLED") && canAct ? <Button size="sm" variant="outline" onClick={onRetry}>Retry</Button> : null}
        </div>
      </div>
      {active && profiling ? (
        <Progress value={null} max={1} label="Profiling latency" valueText={`all ${total.toLocaleString()} rows scored; measuring single-row latency (1,000 runs) and throughput`} showValue />
      ) : active ? (
        <Progress
          value={run.status === "QUEUED" ? null : run.rowsDone}
          max={total || 1}
          label={run.status === "QUEUED" ? "Waiting for a worker" : "Scoring"}
          valueText={run.status === "QUEUED" ? "queued" : `${run.rowsDone.toLocaleString()} of ${total.toLocaleString()} rows${run.rowsPerSecond ? ` · ${Math.round(run.rowsPerSecond).toLocaleString()} rows/s` : ""}${run.etaSeconds !== null ? ` · about ${run.etaSeconds} s left` : ""}`}
          showValue
        />
      ) : null}
      {run.status === "FAILED" && run.error ? <Alert variant="danger" title="Evaluation failed" description={run.error} /> : null}
      {run.status === "CANCELLED" ? <p className="text-sm text-muted-foreground">{run.error ?? "Cancelled."}</p> : null}
      {run.status === "SUCCEEDED" && run.metrics ? (
        <>
          <MetricGrid metrics={run.metrics.metrics} />
          <EvaluationCharts metrics={{ ...run.metrics, ...(run.curves ?? {}) } as unknown as TEvaluationMetrics} classLabels={classLabels} />
          {run.profile ? <ProfileFacts profile={run.profile} rows={run.rowsDone} /> : null}
        </>
      ) : null}
    </li>
  );
}

function ProfileFacts({ profile, rows }: { profile: TProfile; rows: number }) {
  const items: [string, string][] = [
    ["Rows evaluated", rows.toLocaleString()],
    ["Latency p50 / p95 / p99 (1 row)", `${profile.singleRowLatencyMs.p50} / ${profile.singleRowLatencyMs.p95} / ${profile.singleRowLatencyMs.p99} ms`],
    ["Rows/s at batch 1 · 64 · 1,024", `${profile.rowsPerSecond.batch1.toLocaleString()} · ${profile.rowsPerSecond.batch64.toLocaleString()} · ${profile.rowsPerSecond.batch1024.toLocaleString()}`],
    ["Model load", `${profile.modelLoadMs} ms`],
    ["Sandbox peak RSS · CPU", `${profile.peakRssMb} MB · ${profile.cpuSeconds} s`],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2" aria-label="Latency and resource profile">
      {items.map(([k, v]) => (
        <div key={k} className="flex justify-between gap-3 border-b border-border py-1">
          <dt className="text-muted-foreground">{k}</dt>
          <dd className="tabular-nums">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
