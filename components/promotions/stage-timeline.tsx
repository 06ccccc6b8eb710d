import Link from "next/link";
import { FlaskConical, History, Rocket, ThumbsDown, ThumbsUp, Undo2 } from "lucide-react";
import { z } from "zod";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { GateChecklist } from "@/components/gates/gate-checklist";
import { routes } from "@/lib/routes";
import { cn } from "@/lib/utils/cn";

/** One row of GET /api/v1/models/{id}/history (lib/promotions/list-promotions.ts stageHistory). */
export type TStageTransitionView = {
  id: string;
  kind: "PROMOTION" | "ROLLBACK";
  fromStage: string;
  toStage: string;
  reason: string;
  snapshot: unknown;
  createdAt: Date | string;
  requestId: string | null;
  version: { id: string; number: number };
  previousVersion: { id: string; number: number } | null;
  actor: { name: string; email: string } | null;
};

// The snapshot is JSON frozen at promotion time (lib/promotions/promote.ts). Read it leniently: a
// field an older promotion did not record is left out of the view instead of hiding the whole entry.
const ZPromotionSnapshot = z.object({
  request: z.object({ comment: z.string().catch(""), requestedBy: z.string().nullish().catch(null) }).nullish().catch(null),
  gates: z.array(z.object({ key: z.string(), label: z.string(), status: z.enum(["pass", "fail", "pending"]).catch("pending"), detail: z.string().catch("") })).catch([]),
  approvals: z.array(z.object({ approver: z.string(), decision: z.string(), comment: z.string().catch(""), at: z.string().nullish().catch(null) })).catch([]),
  evidenceHash: z.string().nullish().catch(null),
  dataset: z.object({ name: z.string(), sha256: z.string() }).nullish().catch(null),
  policy: z.object({ revision: z.number() }).nullish().catch(null),
}).catch({ request: null, gates: [], approvals: [], evidenceHash: null, dataset: null, policy: null });
type TPromotionSnapshot = z.infer<typeof ZPromotionSnapshot>;

const STAGE_WORD: Record<string, string> = { PRODUCTION: "production", STAGING: "staging", DEVELOPMENT: "development", ARCHIVED: "archived" };
const stageWord = (s: string) => STAGE_WORD[s] ?? s.toLowerCase();

// Every promotion and rollback of a model, newest first, each with the evidence it was decided on.
export function StageTimeline({ transitions }: { transitions: TStageTransitionView[] }) {
  if (transitions.length === 0) {
    return <EmptyState icon={<History aria-hidden />} title="No stage changes yet" description="Promotions and rollbacks appear here, each with the gates and approvals it was decided on." className="py-8" />;
  }
  return (
    <ol aria-label="Stage history" className="relative space-y-5 border-l border-border pl-6">
      {transitions.map((t) => <Entry key={t.id} t={t} />)}
    </ol>
  );
}

function Entry({ t }: { t: TStageTransitionView }) {
  const rollback = t.kind === "ROLLBACK";
  const Icon = rollback ? Undo2 : t.toStage === "PRODUCTION" ? Rocket : FlaskConical;
  const snapshot = rollback ? null : ZPromotionSnapshot.parse(t.snapshot);
  const note = (rollback ? t.reason : snapshot?.request?.comment || t.reason).trim();
  return (
    <li className="relative" data-transition={t.kind} data-version={t.version.number}>
      <span aria-hidden className={cn("absolute top-0 -left-[2.3rem] flex size-7 items-center justify-center rounded-full border bg-card",
        rollback ? "border-warning-border text-warning-text" : "border-success-border text-success-text")}>
        <Icon className="size-3.5" />
      </span>
      <p className="text-sm font-medium">
        {rollback ? (
          <>Rolled back to <VersionLink v={t.version} />{t.previousVersion ? <> (<VersionLink v={t.previousVersion} /> archived)</> : null}</>
        ) : (
          <><VersionLink v={t.version} /> promoted to {stageWord(t.toStage)}{t.previousVersion ? <> (<VersionLink v={t.previousVersion} /> archived)</> : null}</>
        )}
      </p>
      <p className="text-sm text-muted-foreground">
        {t.actor ? <>by {t.actor.name} · </> : null}<RelativeTime date={t.createdAt} />
        {snapshot?.request?.requestedBy ? <> · requested by {snapshot.request.requestedBy}</> : null}
      </p>
      {note ? <blockquote className="mt-1.5 border-l-2 border-border pl-3 text-sm break-words">{note}</blockquote> : null}
      {snapshot ? <Evidence s={snapshot} /> : null}
    </li>
  );
}

function VersionLink({ v }: { v: { id: string; number: number } }) {
  return <Link href={routes.version(v.id)} className="text-primary-text underline-offset-4 hover:underline">v{v.number}</Link>;
}

function Evidence({ s }: { s: TPromotionSnapshot }) {
  return (
    <details className="group mt-2 text-sm">
      <summary className="cursor-pointer text-muted-foreground select-none hover:text-foreground">
        Evidence{s.policy ? ` · policy revision ${s.policy.revision}` : ""}{s.evidenceHash ? ` · hash ${s.evidenceHash.slice(0, 12)}` : ""}
      </summary>
      <div className="mt-2 space-y-3">
        {s.gates.length ? <GateChecklist items={s.gates} label="Gates at promotion" /> : <p className="text-muted-foreground">No gate results were recorded.</p>}
        <div>
          <h4 className="mb-1 font-semibold">Approvals</h4>
          {s.approvals.length ? (
            <ul className="space-y-1" aria-label="Approvals at promotion">
              {s.approvals.map((a, i) => {
                const approved = a.decision.toUpperCase() === "APPROVE";
                const Thumb = approved ? ThumbsUp : ThumbsDown;
                return (
                  <li key={`${a.approver}-${i}`} className="flex items-start gap-2">
                    <Thumb aria-hidden className={cn("mt-0.5 size-3.5 shrink-0", approved ? "text-success-text" : "text-danger-text")} />
                    <span className="min-w-0 break-words">
                      <span className="font-medium">{a.approver}</span> {approved ? "approved" : "rejected"}
                      {a.at ? <> <RelativeTime date={a.at} /></> : null}
                      {a.comment ? <span className="text-muted-foreground"> — “{a.comment}”</span> : null}
                    </span>
                  </li>
                );
              })}
            </ul>
          ) : <p className="text-muted-foreground">None needed.</p>}
        </div>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1">
          {s.dataset ? (
            <>
              <dt className="text-muted-foreground">Dataset</dt>
              <dd className="break-words">{s.dataset.name} <code className="text-xs" title={s.dataset.sha256}>sha256 {s.dataset.sha256.slice(0, 12)}</code></dd>
            </>
          ) : null}
          {s.evidenceHash ? (
            <>
              <dt className="text-muted-foreground">Evidence hash</dt>
              <dd><code className="text-xs" title={s.evidenceHash}>{s.evidenceHash.slice(0, 16)}</code></dd>
            </>
          ) : null}
        </dl>
      </div>
    </details>
  );
}
