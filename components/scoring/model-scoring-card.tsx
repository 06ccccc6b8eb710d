"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CalendarClock, Download, Pause, Play, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { scoringKeys } from "@/components/scoring/scoring-keys";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TScoringScheduleDto } from "@/lib/scoring/scoring-schedule-dto";

const selectClasses = "h-9 w-full rounded-md border border-input bg-card px-3 text-sm";
const ACTIVE = new Set(["QUEUED", "RUNNING"]);

function when(d: Date | string): string {
  return new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/**
 * The model page's "Batch scoring" card: a link to score a dataset now, and the model's recurring
 * schedules (each re-scores a dataset with the production version of the moment) with their latest
 * runs and outputs. Data scientists and approvers create, pause, resume and delete schedules.
 */
export function ModelScoringCard({ modelId, canRun, initial, datasets }: { modelId: string; canRun: boolean; initial: TScoringScheduleDto[]; datasets: { id: string; name: string; rowCount: number }[] }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState(false);
  const { data: schedules } = useQuery({
    queryKey: scoringKeys.schedules(modelId),
    queryFn: () => apiFetch<{ schedules: TScoringScheduleDto[] }>(routes.api.modelScoringSchedules(modelId)).then((r) => r.schedules),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.some((s) => s.runs.some((r) => ACTIVE.has(r.status))) ? 2000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: scoringKeys.schedules(modelId) });
  const fail = (fallback: string) => (e: unknown) => setError(e instanceof ApiError ? e.message : fallback);
  const create = useMutation({
    mutationFn: (body: Record<string, string>) => apiFetch(routes.api.modelScoringSchedules(modelId), { body }),
    onSuccess: () => { setError(null); setFieldErrors({}); setAdding(false); void refresh(); },
    onError: (e) => {
      if (e instanceof ApiError) {
        setFieldErrors(e.fieldErrors());
        if (Object.keys(e.fieldErrors()).length === 0) setError(e.message);
      } else setError("Could not create the schedule");
    },
  });
  const update = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => apiFetch(routes.api.scoringSchedule(id), { method: "PATCH", body: { active } }),
    onSuccess: () => { setError(null); void refresh(); },
    onError: fail("Could not change the schedule"),
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(routes.api.scoringSchedule(id), { method: "DELETE" }),
    onSuccess: () => { setError(null); void refresh(); },
    onError: fail("Could not delete the schedule"),
  });

  return (
    <Card>
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="space-y-1.5">
            <CardTitle>Batch scoring</CardTitle>
            <CardDescription>Score a dataset with a version or with production; recurring schedules re-score a dataset with production.</CardDescription>
          </div>
          <Button asChild size="sm" variant="outline"><Link href={routes.scoring({ model: modelId })}>Scoring jobs</Link></Button>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        {error ? <Alert variant="danger" title={error} /> : null}
        {schedules.length === 0 ? <p className="text-sm text-muted-foreground">No recurring schedules.</p> : null}
        <ul className="space-y-3">
          {schedules.map((s) => (
            <li key={s.id} className="space-y-2 rounded-lg border border-border p-3" data-schedule={s.id}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="min-w-0 text-sm">
                  <div className="flex items-center gap-2 font-medium"><CalendarClock aria-hidden className="size-4 text-muted-foreground" />{s.name}{s.active ? null : <Badge variant="neutral">Paused</Badge>}</div>
                  <div className="text-xs text-muted-foreground"><code>{s.cron}</code> ({s.timezone}) · {s.dataset.name}{s.nextRunAt ? ` · next ${when(s.nextRunAt)}` : ""}</div>
                </div>
                {canRun ? (
                  <div className="flex gap-1">
                    <Button size="sm" variant="ghost" aria-label={s.active ? `Pause ${s.name}` : `Resume ${s.name}`} onClick={() => update.mutate({ id: s.id, active: !s.active })}>
                      {s.active ? <Pause aria-hidden className="size-4" /> : <Play aria-hidden className="size-4" />}
                    </Button>
                    <Button size="sm" variant="ghost" aria-label={`Delete ${s.name}`} onClick={() => { if (window.confirm(`Delete schedule ${s.name}? Its past runs stay listed with the model's jobs.`)) remove.mutate(s.id); }}>
                      <Trash2 aria-hidden className="size-4" />
                    </Button>
                  </div>
                ) : null}
              </div>
              {s.runs.length ? (
                <ol className="space-y-1 text-sm" aria-label={`Runs of ${s.name}`}>
                  {s.runs.map((r) => (
                    <li key={r.id} className="flex flex-wrap items-center gap-2">
                      <StatusBadge status={r.status} />
                      <Link href={routes.scoringJob(r.id)} className="hover:underline">{when(r.createdAt)}</Link>
                      {r.version ? <span className="text-muted-foreground">v{r.version.number}</span> : null}
                      {r.output ? <a href={routes.api.scoringJobOutput(r.id)} download className="inline-flex items-center gap-1 text-primary-text hover:underline"><Download aria-hidden className="size-3.5" />output</a> : null}
                    </li>
                  ))}
                </ol>
              ) : <p className="text-xs text-muted-foreground">No runs yet.</p>}
            </li>
          ))}
        </ul>
        {canRun && !adding ? <Button size="sm" variant="secondary" onClick={() => setAdding(true)} disabled={datasets.length === 0}>Add a schedule</Button> : null}
        {canRun && datasets.length === 0 ? <p className="text-xs text-muted-foreground">Upload a dataset to the team to schedule scoring.</p> : null}
        {canRun && adding ? (
          <form
            className="space-y-3 rounded-lg border border-dashed border-border p-3"
            aria-label="New scoring schedule"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              create.mutate({ name: String(f.get("name") ?? ""), datasetId: String(f.get("datasetId") ?? ""), cron: String(f.get("cron") ?? ""), timezone: String(f.get("timezone") ?? "UTC") });
            }}
          >
            <Field label="Name" error={fieldErrors.name} hint="e.g. nightly"><Input name="name" autoComplete="off" maxLength={63} /></Field>
            <Field label="Dataset" error={fieldErrors.datasetId}>
              <select name="datasetId" className={selectClasses}>{datasets.map((d) => <option key={d.id} value={d.id}>{d.name} ({d.rowCount.toLocaleString("en-US")} rows)</option>)}</select>
            </Field>
            <Field label="Cron" error={fieldErrors.cron} hint="minute hour day-of-month month day-of-week; 0 2 * * * is 02:00 every day"><Input name="cron" defaultValue="0 2 * * *" autoComplete="off" className="font-mono" /></Field>
            <Field label="Time zone" error={fieldErrors.timezone}><Input name="timezone" defaultValue="UTC" autoComplete="off" /></Field>
            <div className="flex gap-2">
              <Button type="submit" size="sm" loading={create.isPending}>Create schedule</Button>
              <Button type="button" size="sm" variant="ghost" onClick={() => { setAdding(false); setFieldErrors({}); }}>Cancel</Button>
            </div>
          </form>
        ) : null}
      </CardContent>
    </Card>
  );
}
