"use client";

import { useId, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { Plus, RotateCcw, SlidersHorizontal, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, controlClasses } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { MAX_RULES, naturalDirection, newNonRegression, newThreshold, toDraft, toPolicy, type TPolicyDraft } from "@/components/gates/policy-draft";
import type { TGatePolicy } from "@/lib/gates/policy";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { metricLabel } from "@/lib/metrics/metric-info";
import { routes } from "@/lib/routes";
import { cn } from "@/lib/utils/cn";

/** What the editor needs of GET /api/v1/models/{id}/policy (lib/gates/get-model-policy.ts). */
export type TPolicyEditorData = {
  policy: TGatePolicy;
  revision: number;
  metrics: readonly string[];
  defaults: TGatePolicy;
  canEdit: boolean;
};

const selectClasses = cn(controlClasses, "h-9 px-2");
// On a phone the metric takes its own line; the rest shares the next.
const ROW = "grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-center gap-2 sm:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,0.8fr)_auto] [&>:first-child]:col-span-3 sm:[&>:first-child]:col-span-1";
// Paths the form shows next to a field; any other server error goes in the alert at the top.
const SHOWN = /^(staging\.thresholds(\.\d+\.(metric|direction|value))?|staging\.latencyP95Ms|staging\.approvals|production\.nonRegression(\.\d+\.(metric|mode|tolerance))?|production\.bootstrap(\.\w+)?|production\.approvals)$/;

// The model's gate policy as a form in a dialog, for approvers (renders nothing for anyone else).
// Saving replaces the whole policy and bumps its revision, which voids approvals given under the old one.
export function PolicyEditor({ modelId, data }: { modelId: string; data: TPolicyEditorData }) {
  const router = useRouter();
  const uid = useId();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<TPolicyDraft>(() => toDraft(data.policy));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (policy: TGatePolicy) => apiFetch<{ revision: number }>(routes.api.modelPolicy(modelId), { method: "PUT", body: policy }),
    onSuccess: (saved) => {
      setOpen(false);
      toast.success(`Policy saved (revision ${saved.revision}).`, { description: "Approvals given under the old policy are void." });
      router.refresh();
    },
    onError: (e) => setErrors(e instanceof ApiError ? e.fieldErrors() : {}),
  });
  if (!data.canEdit) return null;

  const { metrics } = data;
  const update = (patch: Partial<TPolicyDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const onOpenChange = (next: boolean) => {
    if (next) {
      setDraft(toDraft(data.policy));
      setErrors({});
      save.reset();
    }
    setOpen(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = toPolicy(draft, metrics);
    setErrors(result.errors ?? {});
    save.reset();
    if (result.policy) save.mutate(result.policy);
  };
  const err = (path: string) => errors[path];
  const bootstrapErrors = Object.keys(errors).filter((path) => path.startsWith("production.bootstrap"));
  const unshown = Object.entries(errors).filter(([path]) => !SHOWN.test(path));
  const marked = Object.keys(errors).length - unshown.length;
  const serverError = save.error instanceof ApiError ? save.error : save.error ? new ApiError(0, "unknown", "Could not save the policy. Try again.") : null;

  const alertTitle = marked > 0 ? (serverError ? "The server refused the policy: fix the fields marked above" : "Fix the fields marked above")
    : unshown.length ? "The server refused the policy" : serverError?.message;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm"><SlidersHorizontal aria-hidden /> Edit policy</Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit gate policy</DialogTitle>
          <DialogDescription>Saving creates revision {data.revision + 1}. Approvals given under the current policy become void; open requests need them again.</DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={submit} className="space-y-6" aria-label="Gate policy">
          <fieldset className="space-y-4">
            <legend className="mb-2 text-sm font-semibold">Staging</legend>
            <div className="space-y-2">
              <p className="text-sm font-medium">Metric thresholds</p>
              {draft.thresholds.length === 0 ? <p className="text-sm text-muted-foreground">No threshold: any metric value passes.</p> : null}
              {draft.thresholds.map((t, i) => {
                const n = i + 1;
                const setRow = (patch: Partial<typeof t>) => update({ thresholds: draft.thresholds.map((r) => (r.key === t.key ? { ...r, ...patch } : r)) });
                const base = `staging.thresholds.${i}`;
                const errorsId = `${uid}-${base}`;
                const describedBy = (field: string) => (err(`${base}.${field}`) ? errorsId : undefined);
                return (
                  <div key={t.key} className="space-y-1" data-threshold-row={n}>
                    <div className={ROW}>
                      <select aria-label={`Threshold ${n} metric`} className={selectClasses} value={t.metric} aria-invalid={err(`${base}.metric`) ? true : undefined} aria-describedby={describedBy("metric")}
                        onChange={(e) => setRow({ metric: e.target.value, direction: naturalDirection(e.target.value) })}>
                        {metrics.map((m) => <option key={m} value={m}>{metricLabel(m)}</option>)}
                      </select>
                      <select aria-label={`Threshold ${n} direction`} className={selectClasses} value={t.direction} onChange={(e) => setRow({ direction: e.target.value as "min" | "max" })}>
                        <option value="min">at least (≥)</option>
                        <option value="max">at most (≤)</option>
                      </select>
                      <Input aria-label={`Threshold ${n} value`} inputMode="decimal" value={t.value} aria-invalid={err(`${base}.value`) ? true : undefined} aria-describedby={describedBy("value")} onChange={(e) => setRow({ value: e.target.value })} />
                      <Button variant="ghost" size="icon-sm" aria-label={`Remove threshold ${n}`} onClick={() => { update({ thresholds: draft.thresholds.filter((r) => r.key !== t.key) }); setErrors({}); }}><Trash2 aria-hidden /></Button>
                    </div>
                    <RowErrors id={errorsId} messages={[err(`${base}.metric`), err(`${base}.direction`), err(`${base}.value`)]} />
                  </div>
                );
              })}
              <RowErrors messages={[err("staging.thresholds")]} />
              <Button variant="outline" size="sm" disabled={draft.thresholds.length >= Math.min(MAX_RULES, metrics.length)}
                onClick={() => update({ thresholds: [...draft.thresholds, newThreshold(metrics, draft.thresholds.map((r) => r.metric))] })}>
                <Plus aria-hidden /> Add threshold
              </Button>
            </div>

            <div className="grid gap-4 sm:grid-cols-2">
              <div className="grid content-start gap-2">
                <Checkbox label="Gate on latency" description="p95 single-row latency from the evaluation's profile" checked={draft.latencyOn} onChange={(e) => update({ latencyOn: e.target.checked })} />
                <Field label="p95 latency budget (ms)" error={draft.latencyOn ? err("staging.latencyP95Ms") : undefined}>
                  <Input inputMode="decimal" value={draft.latency} disabled={!draft.latencyOn} onChange={(e) => update({ latency: e.target.value })} />
                </Field>
              </div>
              <Field label="Approvals for staging" hint="0: the gates alone decide" error={err("staging.approvals")}>
                <Input type="number" min={0} max={10} step={1} value={draft.stagingApprovals} onChange={(e) => update({ stagingApprovals: e.target.value })} />
              </Field>
            </div>
          </fieldset>

          <fieldset className="space-y-4">
            <legend className="mb-2 text-sm font-semibold">Production <span className="font-normal text-muted-foreground">(on top of the staging gates)</span></legend>
            <div className="space-y-2">
              <p className="text-sm font-medium">Non-regression against the production version</p>
              {draft.nonRegression.length === 0 ? <p className="text-sm text-muted-foreground">No rule: a candidate may score below production.</p> : null}
              {draft.nonRegression.map((r, i) => {
                const n = i + 1;
                const setRow = (patch: Partial<typeof r>) => update({ nonRegression: draft.nonRegression.map((x) => (x.key === r.key ? { ...x, ...patch } : x)) });
                const base = `production.nonRegression.${i}`;
                const errorsId = `${uid}-${base}`;
                const describedBy = (field: string) => (err(`${base}.${field}`) ? errorsId : undefined);
                return (
                  <div key={r.key} className="space-y-1" data-non-regression-row={n}>
                    <div className={ROW}>
                      <select aria-label={`Non-regression ${n} metric`} className={selectClasses} value={r.metric} aria-invalid={err(`${base}.metric`) ? true : undefined} aria-describedby={describedBy("metric")} onChange={(e) => setRow({ metric: e.target.value })}>
                        {metrics.map((m) => <option key={m} value={m}>{metricLabel(m)}</option>)}
                      </select>
                      <select aria-label={`Non-regression ${n} mode`} className={selectClasses} value={r.mode} onChange={(e) => setRow({ mode: e.target.value as "absolute" | "relative" })}>
                        <option value="absolute">absolute</option>
                        <option value="relative">relative</option>
                      </select>
                      <div className="relative">
                        <Input aria-label={`Non-regression ${n} tolerance${r.mode === "relative" ? " (%)" : ""}`} inputMode="decimal" value={r.tolerance} className={r.mode === "relative" ? "pr-7" : undefined}
                          aria-invalid={err(`${base}.tolerance`) ? true : undefined} aria-describedby={describedBy("tolerance")} onChange={(e) => setRow({ tolerance: e.target.value })} />
                        {r.mode === "relative" ? <span aria-hidden className="pointer-events-none absolute inset-y-0 right-2.5 flex items-center text-sm text-muted-foreground">%</span> : null}
                      </div>
                      <Button variant="ghost" size="icon-sm" aria-label={`Remove non-regression rule ${n}`} onClick={() => { update({ nonRegression: draft.nonRegression.filter((x) => x.key !== r.key) }); setErrors({}); }}><Trash2 aria-hidden /></Button>
                    </div>
                    <RowErrors id={errorsId} messages={[err(`${base}.metric`), err(`${base}.mode`), err(`${base}.tolerance`)]} />
                  </div>
                );
              })}
              <RowErrors messages={[err("production.nonRegression")]} />
              <p className="text-xs text-muted-foreground">Tolerance: how far the candidate may fall behind production, in the metric&apos;s unit (absolute) or as a percentage of production&apos;s value (relative).</p>
              <Button variant="outline" size="sm" disabled={draft.nonRegression.length >= Math.min(MAX_RULES, metrics.length)}
                onClick={() => update({ nonRegression: [...draft.nonRegression, newNonRegression(metrics, draft.nonRegression.map((x) => x.metric))] })}>
                <Plus aria-hidden /> Add rule
              </Button>
            </div>

            <div className="grid gap-4 sm:grid-cols-2">
              <div className="grid content-start gap-1.5">
                <Checkbox label="Paired bootstrap" description={`A drop blocks only when the ${draft.bootstrap.resamples}-resample interval lies wholly beyond the tolerance`}
                  checked={draft.bootstrap.enabled} onChange={(e) => update({ bootstrap: { ...draft.bootstrap, enabled: e.target.checked } })}
                  aria-invalid={bootstrapErrors.length ? true : undefined} aria-describedby={bootstrapErrors.length ? `${uid}-bootstrap` : undefined} />
                <RowErrors id={`${uid}-bootstrap`} messages={[err("production.bootstrap.enabled"), err("production.bootstrap.resamples"), err("production.bootstrap.confidence"), err("production.bootstrap")]} />
              </div>
              <Field label="Approvals for production" hint="By approvers other than the uploader and the requester" error={err("production.approvals")}>
                <Input type="number" min={1} max={10} step={1} value={draft.productionApprovals} onChange={(e) => update({ productionApprovals: e.target.value })} />
              </Field>
            </div>
          </fieldset>

          {serverError || Object.keys(errors).length ? (
            <Alert variant="danger" title={alertTitle}>
              {unshown.length ? <ul className="list-disc pl-4">{unshown.map(([path, message]) => <li key={path}><code>{path}</code>: {message}</li>)}</ul> : null}
            </Alert>
          ) : null}
          <DialogFooter className="sm:justify-between">
            <Button variant="ghost" onClick={() => { setDraft(toDraft(data.defaults)); setErrors({}); save.reset(); }}><RotateCcw aria-hidden /> Reset to defaults</Button>
            <div className="flex flex-col-reverse gap-2 sm:flex-row">
              <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
              <Button type="submit" loading={save.isPending}>Save policy</Button>
            </div>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function RowErrors({ id, messages }: { id?: string; messages: (string | undefined)[] }) {
  const shown = messages.filter(Boolean);
  if (!shown.length) return null;
  return (
    <ul id={id} className="space-y-0.5 text-[0.8125rem] font-medium text-danger-text">
      {shown.map((m) => <li key={m}>{m}</li>)}
    </ul>
  );
}
