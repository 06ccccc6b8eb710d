"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Paperclip } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatThreshold } from "@/components/whatif/format";
import { whatifKeys } from "@/components/whatif/whatif-keys";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TAttachedScenario } from "@/lib/whatif/attach-scenario";
import { formatMoney } from "@/lib/whatif/format-money";

type TData = { modelId: string; attached: TAttachedScenario[]; attachable: { id: string; name: string; createdBy: string }[]; canAttach: boolean };
const selectClasses = "h-8 rounded-md border border-input bg-card px-2 text-sm";

// Business evidence on a promotion request: the what-if scenarios attached to it, each with the
// figures it showed when attached (frozen), and for approvers of an open request, "Attach scenario".
export function RequestScenarios({ requestId }: { requestId: string }) {
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState("");
  const { data } = useQuery({ queryKey: whatifKeys.requestScenarios(requestId), queryFn: () => apiFetch<TData>(routes.api.requestScenarios(requestId)) });
  const attach = useMutation({
    mutationFn: (scenarioId: string) => apiFetch(routes.api.requestScenarios(requestId), { body: { scenarioId } }),
    onSuccess: () => {
      setChoice("");
      void queryClient.invalidateQueries({ queryKey: whatifKeys.requestScenarios(requestId) });
    },
  });
  if (!data || (data.attached.length === 0 && !data.canAttach)) return null;
  const selected = choice || data.attachable[0]?.id || "";
  return (
    <section aria-label="Business evidence" className="space-y-2" data-request-scenarios>
      <h4 className="text-sm font-semibold">Business evidence</h4>
      {data.attached.length ? (
        <ul className="space-y-2 text-sm">
          {data.attached.map((a) => {
            const s = a.summary;
            const money = (v: number, signed = false) => formatMoney(v, s.currency, { signed });
            return (
              <li key={a.scenarioId} className="rounded-md border border-border p-2" data-attached-scenario={a.scenarioId}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link href={routes.whatif(data.modelId, { scenario: a.scenarioId })} className="font-medium text-primary-text hover:underline">{s.name}</Link>
                  <span className="text-xs text-muted-foreground">attached by {a.attachedBy.name} <RelativeTime date={a.createdAt} />; figures as of then</span>
                </div>
                <ul className="mt-1 space-y-0.5 text-xs">
                  {s.versions.map((v) => (
                    <li key={v.role}>
                      v{v.number}: <strong className="tabular-nums">{money(v.valuePerMonth)}</strong> a month{v.threshold !== null ? ` at threshold ${formatThreshold(v.threshold)}` : ""}
                      {v.bestValuePerMonth !== null ? `; best ${money(v.bestValuePerMonth)} at ${formatThreshold(v.bestThreshold)}` : ""}
                    </li>
                  ))}
                  {s.upliftPerMonth !== null ? <li>Uplift of v{s.versions[1]?.number} over v{s.versions[0]?.number}: <strong className="tabular-nums">{money(s.upliftPerMonth, true)}</strong> a month</li> : null}
                  {s.baselinePerMonth !== null ? <li className="text-muted-foreground">No model: {money(s.baselinePerMonth)} a month{s.bestCadenceMonths ? `; retrain ${s.bestCadenceMonths === 1 ? "every month" : `every ${s.bestCadenceMonths} months`}` : ""}</li> : null}
                </ul>
              </li>
            );
          })}
        </ul>
      ) : null}
      {data.canAttach ? (
        data.attachable.length ? (
          <form className="flex flex-wrap items-center gap-2" onSubmit={(e) => { e.preventDefault(); if (selected) attach.mutate(selected); }} aria-label="Attach scenario">
            <select className={selectClasses} value={selected} onChange={(e) => setChoice(e.target.value)} aria-label="Scenario to attach">
              {data.attachable.map((s) => <option key={s.id} value={s.id}>{s.name} (by {s.createdBy})</option>)}
            </select>
            <Button type="submit" size="sm" variant="outline" loading={attach.isPending}><Paperclip aria-hidden className="size-4" /> Attach scenario</Button>
          </form>
        ) : <p className="text-xs text-muted-foreground">No other saved scenario of this model to attach; save one from the model&apos;s <Link className="underline" href={routes.whatif(data.modelId)}>what-if</Link>.</p>
      ) : null}
      {attach.error ? <Alert variant="danger">{attach.error instanceof ApiError ? attach.error.message : "Could not attach the scenario."}</Alert> : null}
    </section>
  );
}
