"use client";

import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { INPUT_INFO, type TProvenance } from "@/lib/whatif/schemas";
import type { TDraft } from "@/components/whatif/input-draft";

type TProps = {
  task: "binary" | "regression";
  draft: TDraft;
  errors: Record<string, string>;
  provenance: Record<string, TProvenance>;
  onChange: (key: string, value: string) => void;
};

const SOURCE_LABEL: Record<TProvenance["source"], string> = { evaluation: "evaluation", version: "model settings", serving: "serving log", observed: "observed", you: "you" };
const SOURCE_VARIANT = { evaluation: "info", version: "info", serving: "info", observed: "info", you: "neutral" } as const;

function Source({ p }: { p: TProvenance | undefined }) {
  if (!p) return null;
  return <><Badge variant={SOURCE_VARIANT[p.source]} className="mr-1 py-0 text-[0.6875rem]">{SOURCE_LABEL[p.source]}</Badge>{p.note}</>;
}

/** One input: label, the box, its unit, and where its value came from (or what is wrong with it). */
function FieldRow({ name, draft, errors, provenance, onChange, suffix, placeholder }: Omit<TProps, "task"> & { name: string; suffix?: string; placeholder?: string }) {
  const info = INPUT_INFO[name as keyof typeof INPUT_INFO];
  const unit = info.unit.replace(/^money/, draft.currency || "USD");
  const id = `whatif-${name}`;
  return (
    <div className="grid gap-1" data-input={name}>
      <label htmlFor={id} className="text-sm font-medium">{info.label}</label>
      <div className="flex items-center gap-2">
        <Input id={id} inputMode="decimal" value={draft[name] ?? ""} placeholder={placeholder} onChange={(e) => onChange(name, e.target.value)} aria-invalid={errors[name] ? true : undefined} aria-describedby={`${id}-hint`} className="h-8 tabular-nums" />
        <span className="w-28 shrink-0 text-xs text-muted-foreground">{suffix ?? unit}</span>
      </div>
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        {errors[name] ? <span className="font-medium text-danger-text">{errors[name]}</span> : <Source p={provenance[name]} />}
      </p>
    </div>
  );
}

/**
 * The decision itself, next to the figures it moves: the threshold as a slider (steps of 0.001) and
 * as an exact number, and the review capacity the flagged cases are set against.
 */
export function ThresholdControls(props: Omit<TProps, "task">) {
  const { draft, errors, provenance, onChange } = props;
  const threshold = Number(draft.threshold);
  return (
    <div className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]" data-threshold-controls>
      <div className="grid gap-1" data-input="threshold">
        <label htmlFor="whatif-threshold-slider" className="text-sm font-medium">Decision threshold</label>
        <div className="flex items-center gap-3">
          <span className="text-xs text-muted-foreground">0</span>
          <input
            id="whatif-threshold-slider" type="range" min={0} max={1} step={0.001}
            value={Number.isFinite(threshold) ? threshold : 0.5}
            onChange={(e) => onChange("threshold", e.target.value)}
            className="h-6 w-full cursor-pointer accent-[var(--color-primary)]"
            aria-valuetext={`flag scores of ${draft.threshold} or more`}
          />
          <span className="text-xs text-muted-foreground">1</span>
          <Input aria-label="Decision threshold (exact)" inputMode="decimal" value={draft.threshold ?? ""} onChange={(e) => onChange("threshold", e.target.value)} aria-invalid={errors.threshold ? true : undefined} className="h-8 w-24 tabular-nums" />
        </div>
        <p className="text-xs text-muted-foreground">
          {errors.threshold ? <span className="font-medium text-danger-text">{errors.threshold}</span> : <>Cases scoring at least this are flagged for review. <Source p={provenance.threshold} /></>}
        </p>
      </div>
      <FieldRow {...props} name="reviewCapacity" placeholder="no limit" />
    </div>
  );
}

// Every other input with its unit, the number in play and where its default came from. Money boxes
// show the scenario's currency code; shares are typed in percent.
export function InputsPanel({ task, draft, errors, provenance, onChange }: TProps) {
  const rowProps = { draft, errors, provenance, onChange };
  const field = (key: string, opts: { suffix?: string; placeholder?: string } = {}) => <FieldRow key={key} {...rowProps} name={key} {...opts} />;
  const currency = draft.currency || "USD";
  const currencyField = (
    <div className="grid gap-1" data-input="currency">
      <label htmlFor="whatif-currency" className="text-sm font-medium">Currency</label>
      <Input id="whatif-currency" value={draft.currency ?? ""} maxLength={3} onChange={(e) => onChange("currency", e.target.value.toUpperCase())} aria-invalid={errors.currency ? true : undefined} className="h-8 w-24 uppercase" />
      {errors.currency ? <p className="text-xs font-medium text-danger-text">{errors.currency}</p> : <p className="text-xs text-muted-foreground">Display only; nothing is converted.</p>}
    </div>
  );

  if (task === "regression") {
    const asymmetric = draft.costOver !== draft.costUnder;
    return (
      <div className="space-y-5">
        <Group title="Volume">{field("volume", { suffix: "predictions / month" })}</Group>
        <Group title="Cost of error">
          <div className="grid gap-1">
            <label htmlFor="whatif-unit" className="text-sm font-medium">The target is measured in</label>
            <Input id="whatif-unit" value={draft.unit ?? ""} maxLength={40} onChange={(e) => onChange("unit", e.target.value)} className="h-8" />
            {provenance.unit ? <p className="text-xs text-muted-foreground">{provenance.unit.note}</p> : null}
          </div>
          {field("costOver", { suffix: `${currency} / ${draft.unit || "unit"} over` })}
          {field("costUnder", { suffix: `${currency} / ${draft.unit || "unit"} under` })}
          <p className="text-xs text-muted-foreground">{asymmetric ? "Over- and under-prediction are priced differently." : "Symmetric: both directions cost the same. Set them apart when a shortfall costs more than a surplus (or the other way round)."}</p>
        </Group>
        <Group title="Display">{currencyField}</Group>
      </div>
    );
  }

  return (
    <div className="space-y-5">
      <Group title="Volume and mix">
        {field("volume")}
        {field("prevalence", { suffix: "% of decisions" })}
      </Group>
      <Group title="Money">
        {field("valueTruePositive")}
        {field("costFalsePositive")}
        {field("costFalseNegative")}
        {field("costReview")}
        {currencyField}
      </Group>
      <Group title="Retraining">
        {field("retrainingCost")}
        {field("decayPerMonth", { suffix: "% of uplift / month" })}
      </Group>
    </div>
  );
}

function Group({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-3">
      <legend className="mb-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">{title}</legend>
      {children}
    </fieldset>
  );
}
