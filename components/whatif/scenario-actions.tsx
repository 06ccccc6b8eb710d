"use client";

import { useState, useSyncExternalStore } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FileDown, Save } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { downloadBlob } from "@/components/whatif/download";
import { whatifKeys } from "@/components/whatif/whatif-keys";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TScenarioResult } from "@/lib/whatif/compute-scenario";
import type { TScenarioDto } from "@/lib/whatif/scenario-dto";
import { scenarioCsv } from "@/lib/whatif/scenario-csv";
import type { TProvenance, TScenarioInputs, TScenarioVersions } from "@/lib/whatif/schemas";

type TProps = {
  modelId: string;
  modelName: string;
  inputs: TScenarioInputs | null;
  versions: TScenarioVersions;
  result: TScenarioResult | null;
  provenance: Record<string, TProvenance>;
  scenario: TScenarioDto | null;
  canSave: boolean;
  onSaved: (scenario: TScenarioDto) => void;
};

// Save (or update) the what-if as a named scenario, copy its link, and export its numbers as CSV.
export function ScenarioActions({ modelId, modelName, inputs, versions, result, provenance, scenario, canSave, onSaved }: TProps) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const save = useMutation({
    mutationFn: (mode: "create" | "update") => {
      const body = { name, inputs, versions };
      return mode === "update" && scenario
        ? apiFetch<{ scenario: TScenarioDto }>(routes.api.scenario(scenario.id), { method: "PUT", body })
        : apiFetch<{ scenario: TScenarioDto }>(routes.api.modelScenarios(modelId), { body });
    },
    onSuccess: ({ scenario: saved }) => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: whatifKeys.scenarios(modelId) });
      toast({ title: `Scenario “${saved.name}” saved`, description: "Its link opens these numbers for anyone in the team.", variant: "success" });
      onSaved(saved);
    },
  });
  const exportCsv = () => {
    if (!inputs || !result) return;
    const title = scenario ? `${modelName}: ${scenario.name}` : `${modelName}: unsaved what-if`;
    const csv = scenarioCsv({ title, inputs, result, provenance: scenario ? undefined : provenance });
    const slug = `${modelName}-${scenario?.name ?? "what-if"}`.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
    downloadBlob(new Blob([csv], { type: "text/csv;charset=utf-8" }), `whatif-${slug}.csv`);
  };
  // The origin is known only in the browser; the server renders the bar without the link.
  const origin = useSyncExternalStore(noop, () => window.location.origin, () => null);
  const link = scenario && origin ? `${origin}${routes.whatif(modelId, { scenario: scenario.id })}` : null;
  const fieldError = save.error instanceof ApiError ? (save.error.fieldErrors().name ?? (save.error.message.startsWith("name: ") ? save.error.message.slice(6) : undefined)) : undefined;

  return (
    <div className="flex flex-wrap items-center gap-2">
      {link ? (
        <span className="flex items-center gap-1 rounded-md border border-border bg-card py-0.5 pr-0.5 pl-2 text-xs text-muted-foreground" data-share-link>
          Share: <span className="max-w-[14rem] truncate" title={link}>{link}</span>
          <CopyButton value={link} label="Copy the scenario's link" />
        </span>
      ) : null}
      <Button type="button" variant="outline" size="sm" onClick={exportCsv} disabled={!inputs || !result}><FileDown aria-hidden className="size-4" /> Export CSV</Button>
      {canSave ? (
        <Dialog open={open} onOpenChange={(next) => { if (next) { setName(scenario?.name ?? ""); save.reset(); } setOpen(next); }}>
          <DialogTrigger asChild>
            <Button type="button" size="sm" disabled={!inputs}><Save aria-hidden className="size-4" /> Save scenario</Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Save scenario</DialogTitle>
              <DialogDescription>Your inputs and the versions compared, under a name; anyone in the team can open it by its link. Saving changes no model.</DialogDescription>
            </DialogHeader>
            <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); save.mutate(scenario?.canEdit && name === scenario.name ? "update" : "create"); }}>
              <Field label="Scenario name" error={fieldError} required>
                <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} placeholder="e.g. Q3 plan, conservative costs" autoFocus />
              </Field>
              {save.error && !fieldError ? <Alert variant="danger">{save.error instanceof ApiError ? save.error.message : "Could not save the scenario."}</Alert> : null}
              <DialogFooter>
                {scenario?.canEdit && name !== scenario.name ? (
                  <Button type="button" variant="outline" onClick={() => save.mutate("update")} loading={save.isPending && save.variables === "update"}>Rename “{scenario.name}”</Button>
                ) : null}
                <Button type="submit" loading={save.isPending && save.variables !== "update"} disabled={!name.trim()}>
                  {scenario?.canEdit && name === scenario.name ? "Save changes" : "Save"}
                </Button>
              </DialogFooter>
            </form>
          </DialogContent>
        </Dialog>
      ) : null}
    </div>
  );
}

function noop(): () => void {
  return () => undefined;
}
