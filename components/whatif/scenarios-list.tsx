"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { RelativeTime } from "@/components/ui/relative-time";
import { Badge } from "@/components/ui/badge";
import { whatifKeys } from "@/components/whatif/whatif-keys";
import { apiFetch } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TScenarioDto } from "@/lib/whatif/scenario-dto";

// The model's saved scenarios, each a link that reopens it.
export function ScenariosList({ modelId, initial, currentId }: { modelId: string; initial: TScenarioDto[]; currentId: string | null }) {
  const { data: scenarios } = useQuery({
    queryKey: whatifKeys.scenarios(modelId),
    queryFn: async () => (await apiFetch<{ scenarios: TScenarioDto[] }>(routes.api.modelScenarios(modelId))).scenarios,
    initialData: initial,
  });
  if (scenarios.length === 0) return <p className="text-sm text-muted-foreground">No saved scenario yet. Set your numbers and save them to share them by link.</p>;
  return (
    <ul className="divide-y divide-border text-sm" aria-label="Saved scenarios">
      {scenarios.map((s) => (
        <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-scenario={s.id}>
          <div className="min-w-0">
            <Link href={routes.whatif(modelId, { scenario: s.id })} className="font-medium text-primary-text hover:underline">{s.name}</Link>
            {s.id === currentId ? <Badge variant="primary" className="ml-2">open</Badge> : null}
            {s.attachedTo ? <Badge variant="info" className="ml-2">evidence in {s.attachedTo} request{s.attachedTo === 1 ? "" : "s"}</Badge> : null}
            <div className="text-xs text-muted-foreground">{s.inputs.task} · by {s.createdBy.name}, <RelativeTime date={s.updatedAt} /></div>
          </div>
        </li>
      ))}
    </ul>
  );
}
