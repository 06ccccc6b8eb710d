"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Rocket, ShieldCheck, ThumbsDown, ThumbsUp, Undo2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { GateChecklist, type TGateItemView } from "@/components/gates/gate-checklist";
import { RequestScenarios } from "@/components/whatif/request-scenarios";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";

type TTarget = "STAGING" | "PRODUCTION";
type TDecisionView = { id: string; decision: "APPROVE" | "REJECT"; comment: string; createdAt: string; approver: { id: string; name: string }; valid: boolean; voidReason: string | null };
export type TRequestView = {
  request: { id: string; targetStage: TTarget; status: string; comment: string; closedReason: string | null; createdAt: string; requestedBy: { id: string; name: string } };
  target: TTarget;
  report: { items: TGateItemView[] };
  decisions: TDecisionView[];
  quorum: { needed: number; valid: number };
  status: "pass" | "fail" | "pending";
  ready: boolean;
};

export type TPromotionPermissions = {
  userId: string;
  uploadedById: string;
  canRequest: boolean;
  canDecide: boolean;
  canPromote: Record<TTarget, boolean>;
};

const keys = {
  requests: (versionId: string) => ["promotion-requests", "version", versionId] as const,
  gates: (versionId: string, target: TTarget) => ["gates", versionId, target] as const,
};
const textarea = "min-h-16 w-full rounded-md border border-input bg-card px-3 py-2 text-sm";
const selectClasses = "h-9 rounded-md border border-input bg-card px-3 text-sm";

// The version page's promotion panel: the gates a request would face, the request form, and each
// open request with its live checklist, decisions (void ones say why) and the promote button.
export function PromotionPanel({ versionId, label, stage, initial, permissions }: { versionId: string; label: string; stage: string; initial: TRequestView[]; permissions: TPromotionPermissions }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const { data: requests } = useQuery({
    queryKey: keys.requests(versionId),
    queryFn: async () => (await apiFetch<{ requests: TRequestView[] }>(routes.api.versionPromotionRequests(versionId))).requests,
    initialData: initial,
    // Evidence arrives by itself (evaluations, other approvers): poll while something is open.
    refetchInterval: (q) => (q.state.data?.some((r) => r.request.status === "PENDING") ? 3000 : false),
  });
  const open = requests.filter((r) => r.request.status === "PENDING");
  const closed = requests.filter((r) => r.request.status !== "PENDING").slice(0, 5);
  const targets = (stage === "STAGING" ? ["PRODUCTION"] : stage === "PRODUCTION" ? [] : ["PRODUCTION", "STAGING"]) as TTarget[];
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.requests(versionId) });
    router.refresh();
  };

  return (
    <Card data-panel="promotion">
      <CardHeader>
        <CardTitle>Promotion</CardTitle>
        <CardDescription>A version reaches staging or production only when every gate passes and enough approvers other than its uploader and requester approve.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {open.map((r) => <OpenRequest key={r.request.id} r={r} permissions={permissions} onChange={refresh} />)}
        {open.length === 0 && targets.length > 0 ? <RequestForm versionId={versionId} label={label} targets={targets} canRequest={permissions.canRequest} onCreated={refresh} /> : null}
        {targets.length === 0 && open.length === 0 ? <p className="text-sm text-muted-foreground">This version is in production. Roll back from the model page.</p> : null}
        {closed.length ? (
          <section aria-label="Earlier requests">
            <h3 className="mb-2 text-sm font-semibold">Earlier requests</h3>
            <ul className="space-y-1 text-sm">
              {closed.map((r) => (
                <li key={r.request.id} data-request-status={r.request.status}>
                  <Badge variant={r.request.status === "PROMOTED" ? "success" : "outline"}>{r.request.status.toLowerCase()}</Badge>{" "}
                  → {r.target.toLowerCase()}, requested by {r.request.requestedBy.name} <RelativeTime date={r.request.createdAt} />
                  {r.request.closedReason ? <span className="text-muted-foreground"> — {r.request.closedReason}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </CardContent>
    </Card>
  );
}

function RequestForm({ versionId, label, targets, canRequest, onCreated }: { versionId: string; label: string; targets: TTarget[]; canRequest: boolean; onCreated: () => void }) {
  const [target, setTarget] = useState<TTarget>(targets[0]);
  const [comment, setComment] = useState("");
  const { data: gates } = useQuery({
    queryKey: keys.gates(versionId, target),
    queryFn: () => apiFetch<{ items: TGateItemView[]; status: string }>(routes.api.versionGates(versionId, target)),
    refetchInterval: (q) => (q.state.data?.status === "pending" ? 5000 : false),
  });
  const create = useMutation({
    mutationFn: () => apiFetch(routes.api.versionPromotionRequests(versionId), { body: { targetStage: target, comment } }),
    onSuccess: () => {
      setComment("");
      onCreated();
    },
  });
  return (
    <section aria-label="Request promotion" className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Target stage</span>
          <select className={selectClasses} value={target} onChange={(e) => setTarget(e.target.value as TTarget)}>
            {targets.map((t) => <option key={t} value={t}>{t === "PRODUCTION" ? "Production" : "Staging"}</option>)}
          </select>
        </label>
        <p className="pb-2 text-sm text-muted-foreground">Gates for {label} as of now{gates ? ` — ${gates.status === "pass" ? "all pass" : gates.status === "fail" ? "some fail" : "some pending"}` : ""}:</p>
      </div>
      {gates ? <GateChecklist items={gates.items} label={`Gates for ${target.toLowerCase()}`} /> : <p className="text-sm text-muted-foreground">Loading gates…</p>}
      {canRequest ? (
        <form className="space-y-2" onSubmit={(e) => { e.preventDefault(); create.mutate(); }} aria-label="Promotion request">
          <label className="grid gap-1 text-sm">
            <span className="font-medium">Comment for the approvers</span>
            <textarea className={textarea} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} placeholder="What changed, and why it should ship" />
          </label>
          {create.error ? <Alert variant="danger">{create.error instanceof ApiError ? create.error.message : "Could not send the request."}</Alert> : null}
          <Button type="submit" loading={create.isPending}><Rocket aria-hidden className="size-4" /> Request {target.toLowerCase()}</Button>
          <p className="text-xs text-muted-foreground">Missing evaluations (this version&apos;s, and production&apos;s baseline on the same dataset) start automatically; approvers are notified.</p>
        </form>
      ) : <p className="text-sm text-muted-foreground">Data scientists and approvers of this team request promotions.</p>}
    </section>
  );
}

function OpenRequest({ r, permissions, onChange }: { r: TRequestView; permissions: TPromotionPermissions; onChange: () => void }) {
  const [comment, setComment] = useState("");
  const id = r.request.id;
  const act = useMutation({
    mutationFn: (what: "approve" | "reject" | "promote" | "withdraw") =>
      what === "promote" ? apiFetch(routes.api.promote(id), { method: "POST" })
        : what === "withdraw" ? apiFetch(routes.api.cancelPromotion(id), { method: "POST" })
          : apiFetch(routes.api.promotionDecisions(id), { body: { decision: what, comment } }),
    onSuccess: () => {
      setComment("");
      onChange();
    },
  });
  const target = r.target.toLowerCase();
  const isUploader = permissions.userId === permissions.uploadedById;
  const isRequester = permissions.userId === r.request.requestedBy.id;
  const mayDecide = permissions.canDecide && !isUploader && !isRequester;
  const myDecision = r.decisions.filter((d) => d.approver.id === permissions.userId && d.valid).at(-1);
  return (
    <section aria-label={`Request for ${target}`} className="space-y-4 rounded-lg border border-border p-4" data-request={id} data-ready={r.ready || undefined}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-base font-semibold">Requested: {target}</h3>
        {r.ready ? <Badge variant="success">ready to promote</Badge> : <Badge variant="outline">{r.status === "fail" ? "blocked" : "waiting"}</Badge>}
        <span className="text-sm text-muted-foreground">by {r.request.requestedBy.name}, <RelativeTime date={r.request.createdAt} /></span>
      </div>
      {r.request.comment ? <blockquote className="border-l-2 border-border pl-3 text-sm">{r.request.comment}</blockquote> : null}
      <GateChecklist items={r.report.items} label={`Gates for ${target}`} />
      <RequestScenarios requestId={id} />

      {r.decisions.length ? (
        <div>
          <h4 className="mb-1 text-sm font-semibold">Decisions</h4>
          <ul className="space-y-2 text-sm" aria-label="Decisions">
            {r.decisions.map((d) => (
              <li key={d.id} data-decision={d.decision} data-valid={d.valid}>
                <span className="font-medium">{d.approver.name}</span> {d.decision === "APPROVE" ? "approved" : "rejected"} <RelativeTime date={d.createdAt} />
                {d.comment ? <span className="text-muted-foreground"> — “{d.comment}”</span> : null}
                {!d.valid ? <Badge variant="warning" className="ml-2" title={d.voidReason ?? undefined}>void: {d.voidReason}</Badge> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {act.error ? <Alert variant="danger">{act.error instanceof ApiError ? act.error.message : "Something went wrong. Try again."}</Alert> : null}
      {mayDecide ? (
        <form className="space-y-2" aria-label="Decision" onSubmit={(e) => e.preventDefault()}>
          <label className="grid gap-1 text-sm">
            <span className="font-medium">Decision comment</span>
            <textarea className={textarea} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} placeholder={myDecision ? "You approved the evidence above; decide again to replace your decision" : "What you checked (a rejection needs a reason)"} />
          </label>
          <div className="flex flex-wrap gap-2">
            <Button type="button" onClick={() => act.mutate("approve")} loading={act.isPending && act.variables === "approve"}><ThumbsUp aria-hidden className="size-4" /> Approve</Button>
            <Button type="button" variant="outline" onClick={() => act.mutate("reject")} loading={act.isPending && act.variables === "reject"}><ThumbsDown aria-hidden className="size-4" /> Reject</Button>
          </div>
        </form>
      ) : permissions.canDecide ? (
        <p className="flex items-center gap-2 text-sm text-muted-foreground"><ShieldCheck aria-hidden className="size-4" /> {isUploader ? "You uploaded this version" : "You requested this promotion"}; another approver decides (separation of duties).</p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {permissions.canPromote[r.target] ? (
          <Button type="button" variant={r.ready ? "default" : "outline"} disabled={!r.ready} onClick={() => act.mutate("promote")} loading={act.isPending && act.variables === "promote"}>
            <Rocket aria-hidden className="size-4" /> Promote to {target}
          </Button>
        ) : null}
        {isRequester || permissions.canDecide ? (
          <Button type="button" variant="ghost" onClick={() => act.mutate("withdraw")} loading={act.isPending && act.variables === "withdraw"}><Undo2 aria-hidden className="size-4" /> Withdraw request</Button>
        ) : null}
      </div>
    </section>
  );
}
