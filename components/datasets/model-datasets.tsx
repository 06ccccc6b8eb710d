"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Database, X } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { DatasetRoleBadge, DefaultDatasetBadge } from "@/components/datasets/dataset-badges";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";

type TAttached = { role: string; dataset: { id: string; name: string; rowCount: number } };
type TChoice = { id: string; name: string; rowCount: number };

const selectClasses = "h-9 w-full rounded-md border border-input bg-card px-3 text-sm";

// The model page's datasets: each attachment with its role, the default evaluation dataset, and for
// users allowed to, an attach form (one of the team's datasets + a role) and a detach button.
export function ModelDatasets({ modelId, attached, defaultId, choices, canAttach }: {
  modelId: string;
  attached: TAttached[];
  defaultId: string | null;
  choices: TChoice[];
  canAttach: boolean;
}) {
  const router = useRouter();
  const [role, setRole] = useState("EVALUATION");
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(key: string, action: () => Promise<unknown>) {
    setPending(key);
    setError(null);
    try {
      await action();
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Something went wrong. Try again.");
    } finally {
      setPending(null);
    }
  }

  function attach(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = { datasetId: String(form.get("datasetId") ?? ""), role, makeDefault: role === "EVALUATION" && form.get("makeDefault") === "on" };
    void run("attach", () => apiFetch(routes.api.modelDatasets(modelId), { body }));
  }

  const detach = (a: TAttached) => run(`${a.dataset.id}:${a.role}`, () =>
    apiFetch(`${routes.api.modelDatasets(modelId)}?${new URLSearchParams({ datasetId: a.dataset.id, role: a.role })}`, { method: "DELETE" }));
  const makeDefault = (a: TAttached) => run(`${a.dataset.id}:default`, () =>
    apiFetch(routes.api.modelDatasets(modelId), { body: { datasetId: a.dataset.id, role: "EVALUATION", makeDefault: true } }));

  return (
    <div className="space-y-4">
      {error ? <Alert variant="danger" title={error} /> : null}
      {attached.length === 0 ? (
        <EmptyState
          className="py-8"
          icon={<Database aria-hidden />}
          title="No datasets attached"
          description="Attach an evaluation dataset: the gates evaluate every version on the model's default evaluation dataset."
        />
      ) : (
        <ul className="divide-y divide-border rounded-lg border border-border" aria-label="Attached datasets">
          {attached.map((a) => {
            const isDefault = a.role === "EVALUATION" && a.dataset.id === defaultId;
            return (
              <li key={`${a.dataset.id}:${a.role}`} className="flex flex-wrap items-center gap-2 px-3 py-2.5 text-sm">
                <Link href={routes.dataset(a.dataset.id)} className="min-w-0 truncate font-medium hover:underline">{a.dataset.name}</Link>
                <span className="text-xs tabular-nums text-muted-foreground">{a.dataset.rowCount.toLocaleString("en-US")} rows</span>
                <span className="ml-auto flex items-center gap-1.5">
                  <DatasetRoleBadge role={a.role} />
                  {isDefault ? <DefaultDatasetBadge /> : null}
                  {canAttach && a.role === "EVALUATION" && !isDefault ? (
                    <Button size="sm" variant="ghost" className="h-7 px-2 text-xs" loading={pending === `${a.dataset.id}:default`} onClick={() => void makeDefault(a)}>Make default</Button>
                  ) : null}
                  {canAttach ? (
                    <Button size="icon-sm" variant="ghost" className="size-7" aria-label={`Detach ${a.dataset.name} (${a.role.toLowerCase()})`} loading={pending === `${a.dataset.id}:${a.role}`} onClick={() => void detach(a)}>
                      {pending === `${a.dataset.id}:${a.role}` ? null : <X aria-hidden />}
                    </Button>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {canAttach ? (
        choices.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            This team has no datasets yet. <Link href={routes.datasets()} className="text-primary-text underline underline-offset-4">Upload one</Link> to attach it.
          </p>
        ) : (
          <form onSubmit={attach} className="space-y-3 rounded-lg border border-border p-3" aria-label="Attach a dataset">
            <Field label="Dataset">
              {(c) => (
                <select {...c} name="datasetId" className={selectClasses} required>
                  {choices.map((d) => <option key={d.id} value={d.id}>{d.name} ({d.rowCount.toLocaleString("en-US")} rows)</option>)}
                </select>
              )}
            </Field>
            <Field label="Role">
              {(c) => (
                <select {...c} name="role" value={role} onChange={(e) => setRole(e.target.value)} className={selectClasses}>
                  <option value="EVALUATION">Evaluation (holdout for gates)</option>
                  <option value="REFERENCE">Reference (training data, drift)</option>
                  <option value="SCORING">Scoring input (batch scoring)</option>
                </select>
              )}
            </Field>
            {role === "EVALUATION" ? <Checkbox name="makeDefault" label="Make it the default evaluation dataset" /> : null}
            <Button type="submit" variant="secondary" className="w-full" loading={pending === "attach"} loadingText="Attaching…">Attach</Button>
          </form>
        )
      ) : null}
    </div>
  );
}
