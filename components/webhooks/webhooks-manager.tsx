"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, CircleAlert, Send, Trash2, Webhook } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { CodeBlock } from "@/components/ui/code";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { formatRelative } from "@/components/ui/relative-time";
import { toast } from "@/components/ui/toast";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import { DeliveryStatusBadge } from "@/components/webhooks/delivery-status";
import { webhookKeys } from "@/components/webhooks/webhook-keys";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import { cn } from "@/lib/utils/cn";
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import type { TWebhookDto } from "@/lib/webhooks/webhook-dto";

type TTeam = { id: string; slug: string; name: string };

export function WebhooksManager({ initial, teams }: { initial: TWebhookDto[]; teams: TTeam[] }) {
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const toggleLog = (id: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  const byTeam = teams.map((t) => ({ team: t, hooks: initial.filter((w) => w.team.id === t.id) })).filter((g) => g.hooks.length > 0);

  return (
    <div className="grid gap-6 xl:grid-cols-3 [&>*]:min-w-0">
      <div className="space-y-6 xl:col-span-2">
        {byTeam.length === 0 ? (
          <EmptyState icon={<Webhook aria-hidden />} title="No webhooks yet" description="Add one to tell another system when versions are uploaded, evaluated, promoted or rolled back." />
        ) : (
          byTeam.map(({ team, hooks }) => (
            <Card key={team.id}>
              <CardHeader>
                <CardTitle>{team.name} <span className="font-mono text-sm font-normal text-muted-foreground">{team.slug}</span></CardTitle>
                <CardDescription>{hooks.length === 1 ? "1 webhook" : `${hooks.length} webhooks`}</CardDescription>
              </CardHeader>
              <CardContent className="divide-y divide-border p-0">
                {hooks.map((w) => (
                  <WebhookItem key={w.id} webhook={w} logOpen={expanded.has(w.id)} onToggleLog={(open) => toggleLog(w.id, open)} />
                ))}
              </CardContent>
            </Card>
          ))
        )}
      </div>
      <Card className="self-start">
        <CardHeader>
          <CardTitle>Add a webhook</CardTitle>
          <CardDescription>Modelgate POSTs JSON to the URL and signs it with a secret shown once.</CardDescription>
        </CardHeader>
        <CardContent>
          {created ? (
            <div className="mb-5 space-y-2">
              <Alert variant="success" title="Webhook created" description="Copy the signing secret now: it will not be shown again. Your receiver uses it to verify X-Modelgate-Signature." />
              <CodeBlock code={created.secret} title="Signing secret" copyLabel="Copy signing secret" role="group" aria-label="New signing secret" wrap />
            </div>
          ) : null}
          <CreateWebhookForm teams={teams} onCreated={setCreated} />
        </CardContent>
      </Card>
    </div>
  );
}

function CreateWebhookForm({ teams, onCreated }: { teams: TTeam[]; onCreated: (c: { url: string; secret: string }) => void }) {
  const router = useRouter();
  const [events, setEvents] = useState<Set<string>>(() => new Set());
  const create = useMutation({
    mutationFn: (body: { team: string; url: string; events: string[] }) => apiFetch<{ webhook: TWebhookDto; secret: string }>(routes.api.webhooks(), { body }),
    onSuccess: ({ webhook, secret }, _vars) => {
      onCreated({ url: webhook.url, secret });
      setEvents(new Set());
      router.refresh();
    },
  });
  const apiError = create.error instanceof ApiError ? create.error : null;
  const fieldErrors: Record<string, string> = {};
  for (const [path, message] of Object.entries(apiError?.fieldErrors() ?? {})) fieldErrors[path.split(".")[0]] ??= message;
  const formError = create.error && !Object.keys(fieldErrors).length ? (apiError?.message ?? "Something went wrong. Try again.") : null;

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const formEl = e.currentTarget;
    create.mutate(
      { team: String(form.get("team") ?? ""), url: String(form.get("url") ?? ""), events: WEBHOOK_EVENTS.filter((ev) => events.has(ev)) },
      { onSuccess: () => formEl.reset() },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label="Add a webhook">
      {formError ? <Alert variant="danger" title={formError} /> : null}
      <Field label="Team" error={fieldErrors.team}>
        {(c) => (
          <select {...c} name="team" className="h-9 w-full rounded-md border border-input bg-card px-3 text-sm">
            {teams.map((t) => <option key={t.id} value={t.slug}>{t.name}</option>)}
          </select>
        )}
      </Field>
      <Field label="Payload URL" required error={fieldErrors.url} hint="http:// or https://. Private and loopback addresses are refused unless WEBHOOK_ALLOWED_HOSTS names them.">
        <Input name="url" type="url" inputMode="url" placeholder="https://hooks.example.com/modelgate" maxLength={2048} autoComplete="off" />
      </Field>
      <fieldset aria-describedby={fieldErrors.events ? "webhook-events-error" : undefined} aria-invalid={fieldErrors.events ? true : undefined}>
        <legend className="mb-2 text-sm font-medium text-foreground">Events <span className="text-danger-text" aria-hidden>*</span></legend>
        <div className="grid gap-2.5">
          {WEBHOOK_EVENTS.map((ev) => (
            <Checkbox
              key={ev}
              name="events"
              value={ev}
              checked={events.has(ev)}
              onChange={(e) => setEvents((prev) => {
                const next = new Set(prev);
                if (e.target.checked) next.add(ev);
                else next.delete(ev);
                return next;
              })}
              label={<span className="font-mono text-[0.8125rem]">{ev}</span>}
              description={WEBHOOK_EVENT_DESCRIPTIONS[ev]}
            />
          ))}
        </div>
        {fieldErrors.events ? <p id="webhook-events-error" className="mt-2 flex items-start gap-1.5 text-[0.8125rem] font-medium text-danger-text"><CircleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden /><span>{fieldErrors.events}</span></p> : null}
      </fieldset>
      <Button type="submit" className="w-full" loading={create.isPending} disabled={teams.length === 0}>Add webhook</Button>
    </form>
  );
}

function WebhookItem({ webhook: w, logOpen, onToggleLog }: { webhook: TWebhookDto; logOpen: boolean; onToggleLog: (open?: boolean) => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const onError = (what: string) => (e: unknown) => toast.error(`Could not ${what}`, { description: e instanceof ApiError ? e.message : undefined });
  const toggle = useMutation({
    mutationFn: () => apiFetch(routes.api.webhook(w.id), { method: "PATCH", body: { active: !w.active } }),
    onSuccess: () => {
      toast.success(w.active ? "Webhook disabled" : "Webhook enabled", { description: w.active ? "Deliveries still queued or waiting for a retry will not be sent." : undefined });
      router.refresh();
    },
    onError: onError(w.active ? "disable the webhook" : "enable the webhook"),
  });
  const test = useMutation({
    mutationFn: () => apiFetch(routes.api.webhookTest(w.id), { method: "POST" }),
    onSuccess: () => {
      onToggleLog(true);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(w.id) });
      router.refresh();
    },
    onError: onError("send a test"),
  });
  const remove = useMutation({
    mutationFn: () => apiFetch(routes.api.webhook(w.id), { method: "DELETE" }),
    onSuccess: () => {
      toast.success("Webhook deleted");
      router.refresh();
    },
    onError: onError("delete the webhook"),
  });
  const logId = `deliveries-${w.id}`;

  return (
    <section aria-label={`Webhook ${w.url}`} className="space-y-3 px-5 py-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-sm break-all text-foreground">{w.url}</span>
            {w.active ? <Badge variant="success">Active</Badge> : <Badge variant="neutral">Disabled</Badge>}
          </div>
          <div className="flex flex-wrap gap-1.5">
            {w.events.map((ev) => <Badge key={ev} variant="outline" className="font-mono">{ev}</Badge>)}
          </div>
          <div className="space-y-1 text-xs text-muted-foreground">
            {w.lastDelivery ? (
              <p className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
                <span>Last delivery</span>
                <DeliveryStatusBadge status={w.lastDelivery.status} attempts={w.lastDelivery.attempts} />
                <span className="font-mono">{w.lastDelivery.event}</span>
                {/* Rendered on the server first: "3 minutes ago" may read differently a second later. */}
                <time dateTime={w.lastDelivery.createdAt} suppressHydrationWarning>{formatRelative(new Date(w.lastDelivery.createdAt))}</time>
              </p>
            ) : <p>No deliveries yet</p>}
            <p>Added by {w.createdBy}</p>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <Button size="sm" variant="outline" loading={test.isPending} onClick={() => test.mutate()} aria-label={`Send a test to ${w.url}`}><Send aria-hidden /> Send test</Button>
          <Button size="sm" variant="outline" loading={toggle.isPending} onClick={() => toggle.mutate()}>{w.active ? "Disable" : "Enable"}</Button>
          <Dialog>
            <DialogTrigger asChild>
              <Button size="sm" variant="ghost" aria-label={`Delete webhook ${w.url}`}><Trash2 aria-hidden /> Delete</Button>
            </DialogTrigger>
            <DialogContent>
              <DialogHeader>
                <DialogTitle>Delete this webhook?</DialogTitle>
                <DialogDescription>
                  {w.team.name} stops sending events to <span className="font-mono break-all">{w.url}</span>, and its delivery log is deleted with it. The deletion is recorded in the audit log.
                </DialogDescription>
              </DialogHeader>
              <DialogFooter>
                <DialogClose asChild><Button variant="outline">Keep it</Button></DialogClose>
                <Button variant="destructive" loading={remove.isPending} onClick={() => remove.mutate()}>Delete webhook</Button>
              </DialogFooter>
            </DialogContent>
          </Dialog>
        </div>
      </div>
      <div>
        <Button size="sm" variant="link" aria-expanded={logOpen} aria-controls={logId} onClick={() => onToggleLog()}>
          <ChevronDown aria-hidden className={cn("transition-transform", logOpen && "rotate-180")} /> {logOpen ? "Hide delivery log" : "Show delivery log"}
        </Button>
        {logOpen ? <div id={logId} className="mt-2"><DeliveryLog webhookId={w.id} /></div> : null}
      </div>
    </section>
  );
}
