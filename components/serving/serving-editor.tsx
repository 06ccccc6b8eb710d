"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { SlidersHorizontal } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, controlClasses } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import { cn } from "@/lib/utils/cn";

/** What the editor needs of GET /api/v1/models/{id}/serving (lib/serving/get-serving-config.ts). */
export type TServingEditorData = {
  sampleRate: number;
  retentionDays: number;
  canaryShare: number;
  champion: { number: number } | null;
  challenger: { versionId: string; number: number; mode: "SHADOW" | "CANARY"; canaryShare: number; active: boolean } | null;
  candidates: { id: string; number: number }[];
};

type TDraft = { samplePct: string; retention: string; challengerId: string; mode: "SHADOW" | "CANARY"; canaryPct: string };

const selectClasses = cn(controlClasses, "h-9 px-2");
const ERROR_PATHS: Record<keyof TDraft, string[]> = {
  samplePct: ["sampleRate"], retention: ["retentionDays"], challengerId: ["challenger", "challenger.versionId"], mode: ["challenger.mode"], canaryPct: ["challenger.canaryShare"],
};
const SHOWN = new Set(["sampleRate", "retentionDays", "challenger", "challenger.versionId", "challenger.mode", "challenger.canaryShare"]);

function toDraft(d: TServingEditorData): TDraft {
  const pct = (x: number) => String(Number((x * 100).toFixed(4)));
  // A challenger that left staging cannot be saved again; the editor starts without it.
  const challenger = d.challenger?.active ? d.challenger : null;
  return { samplePct: pct(d.sampleRate), retention: String(d.retentionDays), challengerId: challenger?.versionId ?? "", mode: challenger?.mode ?? "SHADOW", canaryPct: pct(challenger?.canaryShare ?? d.canaryShare) };
}

// Percentages in the form, shares (0..1) on the wire. Obvious mistakes are caught here; the server
// checks everything again and its messages land next to the same fields.
function toBody(d: TDraft): { body?: unknown; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const sample = Number(d.samplePct.trim());
  if (d.samplePct.trim() === "" || !Number.isFinite(sample) || sample < 0 || sample > 100) errors.sampleRate = "Enter a percentage from 0 to 100.";
  const retention = Number(d.retention.trim());
  if (!Number.isInteger(retention) || retention < 1) errors.retentionDays = "Enter a whole number of days, at least 1.";
  const canary = Number(d.canaryPct.trim());
  if (d.challengerId && d.mode === "CANARY" && (d.canaryPct.trim() === "" || !Number.isFinite(canary) || canary <= 0 || canary > 100)) {
    errors["challenger.canaryShare"] = "Enter a percentage above 0 and at most 100.";
  }
  if (Object.keys(errors).length) return { errors };
  const challenger = d.challengerId
    ? { versionId: d.challengerId, mode: d.mode, ...(d.mode === "CANARY" ? { canaryShare: canary / 100 } : {}) }
    : null;
  return { body: { sampleRate: sample / 100, retentionDays: retention, challenger }, errors };
}

// The model's serving settings as a form in a dialog, for approvers. Saving replaces them at once;
// serve replicas pick the change up within seconds.
export function ServingEditor({ modelId, data }: { modelId: string; data: TServingEditorData }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<TDraft>(() => toDraft(data));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: unknown) => apiFetch<{ changed: boolean }>(routes.api.modelServing(modelId), { method: "PUT", body }),
    onSuccess: (r) => {
      setOpen(false);
      toast.success(r.changed ? "Serving settings saved." : "Nothing changed.", r.changed ? { description: "Serve picks the change up within seconds." } : undefined);
      router.refresh();
    },
    onError: (e) => setErrors(e instanceof ApiError ? e.fieldErrors() : {}),
  });

  const update = (patch: Partial<TDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // A corrected field loses its message at once, not at the next save.
    const cleared = Object.keys(patch).flatMap((k) => ERROR_PATHS[k as keyof TDraft]);
    setErrors((e) => (cleared.some((path) => path in e) ? Object.fromEntries(Object.entries(e).filter(([path]) => !cleared.includes(path))) : e));
  };
  const onOpenChange = (next: boolean) => {
    if (next) {
      setDraft(toDraft(data));
      setErrors({});
      save.reset();
    }
    setOpen(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { body, errors: found } = toBody(draft);
    setErrors(found);
    save.reset();
    if (body) save.mutate(body);
  };
  const unshown = Object.entries(errors).filter(([path]) => !SHOWN.has(path));
  const serverError = save.error instanceof ApiError ? save.error : save.error ? new ApiError(0, "unknown", "Could not save. Try again.") : null;
  const noCandidates = data.candidates.length === 0;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm"><SlidersHorizontal aria-hidden /> Edit serving</Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Edit serving settings</DialogTitle>
          <DialogDescription>What is logged, for how long, and which staging version is compared with production on live traffic.</DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={submit} className="space-y-5" aria-label="Serving settings">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Prediction logging (%)" hint="Share of predictions written to the log" error={errors.sampleRate}>
              <Input inputMode="decimal" value={draft.samplePct} onChange={(e) => update({ samplePct: e.target.value })} />
            </Field>
            <Field label="Retention (days)" hint="Older logs and their ground truth are deleted daily" error={errors.retentionDays}>
              <Input inputMode="numeric" value={draft.retention} onChange={(e) => update({ retention: e.target.value })} />
            </Field>
          </div>
          <fieldset className="space-y-3">
            <legend className="mb-1 text-sm font-semibold">Challenger</legend>
            <Field
              label="Staging version"
              hint={noCandidates ? "No staging version has passed intake: promote one to staging first." : data.champion ? `Compared with v${data.champion.number} (production)` : "The model has no production version to compare with yet."}
              error={errors["challenger.versionId"] ?? errors.challenger}
            >
              {(c) => (
                <select {...c} className={selectClasses} value={draft.challengerId} onChange={(e) => update({ challengerId: e.target.value })}>
                  <option value="">None</option>
                  {data.candidates.map((v) => <option key={v.id} value={v.id}>v{v.number} (staging)</option>)}
                </select>
              )}
            </Field>
            {draft.challengerId ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <div role="radiogroup" aria-label="Mode" className={cn("grid content-start gap-2 text-sm", draft.mode === "SHADOW" && "sm:col-span-2")}>
                  <span className="font-medium">Mode</span>
                  <label className="flex items-start gap-2">
                    <input type="radio" name="mode" className="mt-1 accent-primary" checked={draft.mode === "SHADOW"} onChange={() => update({ mode: "SHADOW" })} />
                    <span><span className="font-medium">Shadow</span><span className="block text-muted-foreground">Scores a copy of every request; callers get the champion&apos;s answer</span></span>
                  </label>
                  <label className="flex items-start gap-2">
                    <input type="radio" name="mode" className="mt-1 accent-primary" checked={draft.mode === "CANARY"} onChange={() => update({ mode: "CANARY" })} />
                    <span><span className="font-medium">Canary</span><span className="block text-muted-foreground">Answers a share of the requests itself</span></span>
                  </label>
                  {errors["challenger.mode"] ? <p className="text-[0.8125rem] font-medium text-danger-text">{errors["challenger.mode"]}</p> : null}
                </div>
                {draft.mode === "CANARY" ? (
                  <Field label="Canary share (%)" hint="Of requests the challenger answers" error={errors["challenger.canaryShare"]}>
                    <Input inputMode="decimal" value={draft.canaryPct} onChange={(e) => update({ canaryPct: e.target.value })} />
                  </Field>
                ) : null}
              </div>
            ) : null}
          </fieldset>
          {serverError && (unshown.length || Object.keys(errors).length === 0) ? (
            <Alert variant="danger" title={serverError.message}>
              {unshown.length ? <ul className="list-disc pl-4">{unshown.map(([path, message]) => <li key={path}><code>{path}</code>: {message}</li>)}</ul> : null}
            </Alert>
          ) : null}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>Save</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
