"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { GitCompareArrows } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CadenceCard } from "@/components/whatif/cadence-card";
import { CompareCard } from "@/components/whatif/compare-card";
import { ConfusionCard } from "@/components/whatif/confusion-card";
import { parseDraft, toDraft, type TDraft } from "@/components/whatif/input-draft";
import { InputsPanel, ThresholdControls } from "@/components/whatif/inputs-panel";
import { RegressionResults } from "@/components/whatif/regression-results";
import { ScenarioActions } from "@/components/whatif/scenario-actions";
import { ScenariosList } from "@/components/whatif/scenarios-list";
import { TornadoChart } from "@/components/whatif/tornado-chart";
import { ValueCurveChart } from "@/components/whatif/value-curve-chart";
import { ValueSummary } from "@/components/whatif/value-summary";
import { whatifKeys } from "@/components/whatif/whatif-keys";
import { apiFetch } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import { computeScenario, type TScenarioResult } from "@/lib/whatif/compute-scenario";
import type { TWhatIfData, TWhatIfSide } from "@/lib/whatif/get-whatif-data";
import type { TScenarioDto } from "@/lib/whatif/scenario-dto";
import type { TProvenance, TScenarioInputs } from "@/lib/whatif/schemas";

const selectClasses = "h-9 rounded-md border border-input bg-card px-3 text-sm";

type TProps = {
  modelId: string;
  modelName: string;
  initialData: TWhatIfData;
  initialScenario: TScenarioDto | null;
  scenarios: TScenarioDto[];
  canSave: boolean;
  positiveLabel: string;
};

/**
 * The what-if: the version's evaluation curve arrives once (GET …/whatif), then every input change
 * and slider tick is recomputed here, in the browser (lib/whatif/compute-scenario.ts). Changing a
 * version fetches that version's curve; nothing else goes to the server until the scenario is saved.
 */
export function WhatIfView({ modelId, modelName, initialData, initialScenario, scenarios, canSave, positiveLabel }: TProps) {
  const router = useRouter();
  const [versionId, setVersionId] = useState<string | null>(initialData.primary?.version.id ?? null);
  const [compareId, setCompareId] = useState<string | null>(initialData.compare?.version.id ?? null);
  const [scenario, setScenario] = useState<TScenarioDto | null>(initialScenario);
  const startInputs = initialScenario?.inputs ?? initialData.defaults?.inputs ?? null;
  const [draft, setDraft] = useState<TDraft>(() => (startInputs ? toDraft(startInputs) : {}));
  const [valid, setValid] = useState<TScenarioInputs | null>(startInputs);
  const isInitial = versionId === (initialData.primary?.version.id ?? null) && compareId === (initialData.compare?.version.id ?? null);
  const { data = initialData, isFetching, error } = useQuery({
    queryKey: whatifKeys.data(modelId, versionId, compareId),
    queryFn: () => apiFetch<TWhatIfData>(routes.api.modelWhatIf(modelId, { version: versionId ?? undefined, compare: compareId ?? undefined })),
    initialData: isInitial ? initialData : undefined,
    placeholderData: keepPreviousData,
  });
  const task = data.model.task === "REGRESSION" ? "regression" : "binary";
  const { errors } = useMemo(() => parseDraft(draft, task), [draft, task]);
  const onChange = (key: string, value: string) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    const parsed = parseDraft(next, task);
    if (parsed.inputs) setValid(parsed.inputs);
  };

  const ready = (s: TWhatIfSide | null) => Boolean(s && !s.unavailable && (s.curve || s.residuals));
  const result = useMemo<TScenarioResult | null>(() => {
    if (!valid || !data.primary || !ready(data.primary)) return null;
    const side = (s: TWhatIfSide) => ({ versionId: s.version.id, number: s.version.number, curve: s.curve, residuals: s.residuals });
    return computeScenario(valid, side(data.primary), data.compare && ready(data.compare) ? side(data.compare) : null);
  }, [valid, data]);
  const provenance = useMemo(() => describeSources(data.defaults, valid, scenario), [data.defaults, valid, scenario]);
  const slug = modelName.toLowerCase().replace(/[^a-z0-9._-]+/g, "-");

  if (!data.available) {
    return <EmptyState title="What-if is not available for this model yet" description={data.reason ?? undefined} />;
  }
  if (!data.primary || !valid) {
    return <EmptyState title="Nothing to compute yet" description="This model has no version yet. Once a version is uploaded and evaluated, its value can be explored here." />;
  }
  const versionLabel = (v: { number: number; stage: string }) => `v${v.number} · ${v.stage.toLowerCase()}`;
  const primary = data.primary;
  const suggested = data.versions.find((v) => v.id === data.suggestedCompareId);

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <Card>
        <CardHeader><CardTitle as="h2">Your numbers</CardTitle><CardDescription>Change any of them and everything on the right follows.</CardDescription></CardHeader>
        <CardContent><InputsPanel task={task} draft={draft} errors={errors} provenance={provenance} onChange={onChange} /></CardContent>
      </Card>

      <div className="min-w-0 space-y-6">
        <Card>
          <CardContent className="space-y-4">
            <div className="flex flex-wrap items-end justify-between gap-3">
              <div className="flex flex-wrap items-end gap-3">
                <label className="grid gap-1 text-sm">
                  <span className="font-medium">Version</span>
                  <select className={selectClasses} value={versionId ?? ""} onChange={(e) => { setVersionId(e.target.value); if (e.target.value === compareId) setCompareId(null); }} aria-label="Version">
                    {data.versions.map((v) => <option key={v.id} value={v.id}>{versionLabel(v)}{v.evaluated ? "" : " (not evaluated)"}</option>)}
                  </select>
                </label>
                <label className="grid gap-1 text-sm">
                  <span className="font-medium">Compare with</span>
                  <select className={selectClasses} value={compareId ?? ""} onChange={(e) => setCompareId(e.target.value || null)} aria-label="Compare with">
                    <option value="">no comparison</option>
                    {data.versions.filter((v) => v.id !== versionId).map((v) => <option key={v.id} value={v.id}>{versionLabel(v)}{v.evaluated ? "" : " (not evaluated)"}</option>)}
                  </select>
                </label>
                {!compareId && suggested ? (
                  <Button type="button" variant="outline" size="sm" className="mb-0.5" onClick={() => setCompareId(suggested.id)}><GitCompareArrows aria-hidden className="size-4" /> Compare with {versionLabel(suggested)}</Button>
                ) : null}
              </div>
              <ScenarioActions
                modelId={modelId} modelName={modelName} inputs={Object.keys(errors).length ? null : valid}
                versions={{ primary: primary.version.id, ...(data.compare ? { compare: data.compare.version.id } : {}) }}
                result={result} provenance={provenance} scenario={scenario} canSave={canSave}
                onSaved={(saved) => { setScenario(saved); router.replace(routes.whatif(modelId, { scenario: saved.id }), { scroll: false }); }}
              />
            </div>
            {scenario ? <p className="text-sm text-muted-foreground" data-scenario-open={scenario.id}>Scenario <strong className="text-foreground">{scenario.name}</strong> by {scenario.createdBy.name}{scenario.canEdit ? "" : " (read only: save your own copy to keep changes)"}.</p> : null}
            {error ? <Alert variant="danger">{error.message}</Alert> : null}
            {data.dataset ? <p className="text-xs text-muted-foreground" aria-busy={isFetching}>Rates from each version&apos;s latest evaluation on <strong>{data.dataset.name}</strong> ({data.dataset.rowCount.toLocaleString("en-US")} rows){primary.curve ? `, ${describeCurve(primary.curve.kind, primary.curve.thresholds.length)}` : ""}.</p> : null}
            {[primary, data.compare].map((s) => (s?.note ? <Alert key={s.version.id} variant="warning">v{s.version.number}: {s.note}</Alert> : null))}
            {primary.unavailable ? <Alert variant="info">No figures for v{primary.version.number}: {primary.unavailable}. A data scientist evaluates it from the version page.</Alert> : null}
            {data.compare?.unavailable ? <Alert variant="info">No figures for v{data.compare.version.number}: {data.compare.unavailable}.</Alert> : null}
            {task === "binary" ? <ThresholdControls draft={draft} errors={errors} provenance={provenance} onChange={onChange} /> : null}
            {result?.task === "binary" && valid.task === "binary" ? (
              <ValueSummary result={result} inputs={valid} label={`v${primary.version.number}`} onUseThreshold={(t) => onChange("threshold", String(t))} />
            ) : null}
            {result?.task === "regression" ? <RegressionResults result={result} filename={`${slug}-errors.png`} /> : null}
          </CardContent>
        </Card>

        {result?.task === "binary" && valid.task === "binary" ? (
          <>
            <div className="grid gap-6 xl:grid-cols-2 [&>*]:min-w-0">
              <Card>
                <CardHeader><CardTitle as="h2">A month of decisions</CardTitle><CardDescription>v{primary.version.number}&apos;s evaluation, scaled to {valid.volume.toLocaleString("en-US")} decisions at threshold {valid.threshold}.</CardDescription></CardHeader>
                <CardContent><ConfusionCard m={result.primary.confusion} positiveLabel={positiveLabel} /></CardContent>
              </Card>
              <Card>
                <CardHeader><CardTitle as="h2">Versions compared</CardTitle><CardDescription>Same inputs, each version&apos;s own rates.</CardDescription></CardHeader>
                <CardContent>
                  {result.compare ? <CompareCard result={result} threshold={valid.threshold} /> : <p className="text-sm text-muted-foreground">Pick a version to compare with{suggested ? ` (v${suggested.number} is the candidate)` : ""} to see the monthly uplift and where each is best.</p>}
                </CardContent>
              </Card>
            </div>
            <Card>
              <CardContent>
                <ValueCurveChart
                  inputs={valid}
                  baseline={result.baseline.perMonth}
                  filename={`${slug}-value-by-threshold.png`}
                  series={[primary, ...(result.compare && data.compare ? [data.compare] : [])].map((s, i) => ({ label: `v${s.version.number}`, curve: s.curve!, best: (i === 0 ? result.primary : result.compare!).optimum.threshold }))}
                />
              </CardContent>
            </Card>
            <Card>
              <CardHeader><CardTitle as="h2">Sensitivity</CardTitle><CardDescription>Which of your numbers matters most to v{primary.version.number}&apos;s value.</CardDescription></CardHeader>
              <CardContent><TornadoChart bars={result.sensitivity.bars} base={result.sensitivity.base} currency={valid.currency} filename={`${slug}-sensitivity.png`} /></CardContent>
            </Card>
            <Card>
              <CardHeader><CardTitle as="h2">Retraining cadence</CardTitle><CardDescription>How often retraining pays for itself, given how fast v{primary.version.number} loses value.</CardDescription></CardHeader>
              <CardContent><CadenceCard cadence={result.cadence} currency={valid.currency} decayPerMonth={valid.decayPerMonth} retrainingCost={valid.retrainingCost} observed={data.observedDecay} filename={`${slug}-cadence.png`} /></CardContent>
            </Card>
          </>
        ) : null}

        <Card>
          <CardHeader><CardTitle as="h2">Saved scenarios</CardTitle><CardDescription>Open one to see its numbers; its link opens the same view for anyone in the team.</CardDescription></CardHeader>
          <CardContent><ScenariosList modelId={modelId} initial={scenarios} currentId={scenario?.id ?? null} /></CardContent>
        </Card>
      </div>
    </div>
  );
}

function describeCurve(kind: string, points: number): string {
  if (kind === "exact") return `exact at each of its ${points.toLocaleString("en-US")} distinct scores`;
  if (kind === "reduced") return `every 0.001 of the threshold and every point where the best threshold can lie (${points.toLocaleString("en-US")} points)`;
  return `from its stored ROC curve (${points} points)`;
}

// Where each number in play came from: the default's own source while it is unchanged, else the person.
function describeSources(defaults: TWhatIfData["defaults"], inputs: TScenarioInputs | null, scenario: TScenarioDto | null): Record<string, TProvenance> {
  if (!defaults || !inputs) return {};
  const out: Record<string, TProvenance> = {};
  const values = inputs as unknown as Record<string, unknown>;
  const base = defaults.inputs as unknown as Record<string, unknown>;
  for (const [key, p] of Object.entries(defaults.provenance)) {
    if (same(values[key], base[key])) out[key] = p;
    else {
      const who = scenario ? `from scenario “${scenario.name}”` : "set by you";
      out[key] = { source: "you", note: p.source === "you" ? `${who} (default ${format(base[key], key)})` : `${who}; the default ${format(base[key], key)} came from ${p.note}` };
    }
  }
  return out;
}

function format(v: unknown, key: string): string {
  if (v === null) return "none";
  if (typeof v === "number" && (key === "prevalence" || key === "decayPerMonth")) return `${Math.round(v * 1e6) / 1e4} %`;
  return typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 6 }) : String(v);
}

// A share typed in percent comes back as, say, 0.09450000000000001 for 0.0945: the same number.
function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
  return a === b;
}
