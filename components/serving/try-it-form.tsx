"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Code } from "@/components/ui/code";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { servingKeys } from "@/components/serving/serving-keys";
import { formatNumber, formatShare } from "@/components/serving/serving-format";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TTryAnswer } from "@/lib/serving/try-prediction";

type TFeature = { name: string; type: string };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

// One input per feature of the version's schema: numbers for numeric tensors, text for strings.
// The row goes through serve (POST /api/v1/versions/{id}/try), exactly as a client's would, and
// serve's answer or its per-field errors are shown.
export function TryItForm({ versionId, features }: { versionId: string; features: TFeature[] }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: (row: Record<string, string | number>) => apiFetch<TTryAnswer>(routes.api.versionTry(versionId), { method: "POST", body: { row } }),
    // Serve may have logged it: the recent predictions list picks it up.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: servingKeys.predictions(versionId) }),
  });
  const fieldErrors = send.error instanceof ApiError ? send.error.fieldErrors() : {};
  const errorFor = (name: string) => fieldErrors[`row.${name}`];
  const shownFields = features.filter((f) => errorFor(f.name)).length;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const row: Record<string, string | number> = {};
    for (const f of features) {
      const raw = (values[f.name] ?? "").trim();
      if (raw === "") continue;
      // Anything not a number is sent as typed, so serve names the field and the problem.
      row[f.name] = isNumeric(f.type) && NUMBER.test(raw) ? Number(raw) : raw;
    }
    send.mutate(row);
  };
  const answer = send.data;
  const prediction = answer?.predictions[0];

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Try it" noValidate>
      <div className="grid max-h-[28rem] gap-3 overflow-y-auto pr-1 sm:grid-cols-2">
        {features.map((f) => (
          <Field key={f.name} label={f.name} hint={isNumeric(f.type) ? `number (${f.type})` : "text"} error={errorFor(f.name)}>
            <Input
              name={f.name}
              inputMode={isNumeric(f.type) ? "decimal" : "text"}
              autoComplete="off"
              value={values[f.name] ?? ""}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          </Field>
        ))}
      </div>
      {send.error ? (
        <Alert
          variant="danger"
          title={shownFields ? "Serve refused the row: see the fields marked above" : "No prediction"}
          description={send.error.message}
        />
      ) : null}
      <Button type="submit" loading={send.isPending} disabled={features.length === 0}><Send aria-hidden /> Predict</Button>
      {answer && prediction ? (
        <section aria-label="Prediction" className="space-y-2 rounded-lg border border-success-border bg-success-subtle/50 p-4">
          <p className="text-sm text-muted-foreground">
            Prediction <Code>{prediction.id}</Code> by v{answer.version.number} ({answer.version.stage.toLowerCase()})
          </p>
          <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
            {prediction.label !== undefined ? <p><span className="text-sm text-muted-foreground">Label </span><span className="text-2xl font-semibold" data-testid="predicted-label">{String(prediction.label)}</span></p> : null}
            {prediction.score !== undefined ? <p><span className="text-sm text-muted-foreground">Score </span><span className="text-lg font-semibold tabular-nums">{formatNumber(prediction.score, 4)}</span></p> : null}
            {prediction.value !== undefined ? <p><span className="text-sm text-muted-foreground">Value </span><span className="text-2xl font-semibold tabular-nums" data-testid="predicted-value">{formatNumber(prediction.value, 6)}</span></p> : null}
          </div>
          {prediction.probabilities ? <Probabilities probabilities={prediction.probabilities} /> : null}
        </section>
      ) : null}
    </form>
  );
}

function Probabilities({ probabilities }: { probabilities: Record<string, number> | number[] }) {
  const entries = Array.isArray(probabilities) ? probabilities.map((p, i) => [String(i), p] as const) : Object.entries(probabilities);
  return (
    <ul aria-label="Probabilities" className="space-y-1">
      {entries.slice(0, 10).map(([label, p]) => (
        <li key={label} className="grid grid-cols-[minmax(3rem,auto)_1fr_3.5rem] items-center gap-2 text-xs">
          <span className="truncate font-mono" title={label}>{label}</span>
          <span className="h-1.5 rounded-full bg-muted" aria-hidden><span className="block h-1.5 rounded-full bg-primary" style={{ width: `${Math.max(1, p * 100)}%` }} /></span>
          <span className="text-right tabular-nums">{formatShare(p)}</span>
        </li>
      ))}
    </ul>
  );
}

function isNumeric(type: string): boolean {
  return type !== "string";
}
