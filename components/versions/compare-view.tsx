import Link from "next/link";
import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import { StageBadge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { OverlaidRoc } from "@/components/versions/overlaid-roc";
import { VERSION_COLORS } from "@/components/versions/version-colors";
import { deltaDirection, formatDelta, formatMetric, metricLabel } from "@/lib/metrics/metric-info";
import { routes } from "@/lib/routes";
import { cn } from "@/lib/utils/cn";
import type { TVersionComparison } from "@/lib/versions/compare-versions";
import type { TChange } from "@/lib/versions/diff-versions";

type TCompared = TVersionComparison["versions"][number];

// The compare view's body: metric deltas, overlaid ROC curves, what changed in the signature, and
// the metadata side by side. Server-rendered; only the chart is a client component.
export function CompareView({ c }: { c: TVersionComparison }) {
  const base = c.versions.find((v) => v.isBase)!;
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle>Metrics</CardTitle>
          <CardDescription>
            {c.dataset ? <>Latest successful evaluation of each version on <Link className="underline" href={routes.dataset(c.dataset.id)}>{c.dataset.name}</Link> (same content, sha256 {c.dataset.sha256.slice(0, 12)}); deltas against v{base.number}.</> : "No evaluation dataset yet: attach one to the model and evaluate the versions."}
          </CardDescription>
        </CardHeader>
        <CardContent><MetricTable c={c} /></CardContent>
      </Card>
      {c.model.task === "BINARY" ? (
        <Card>
          <CardHeader><CardTitle>ROC curves</CardTitle></CardHeader>
          <CardContent>
            <OverlaidRoc series={c.versions.map((v) => ({ number: v.number, auc: v.metrics.find((m) => m.key === "roc_auc")?.value ?? null, roc: v.roc }))} />
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardHeader><CardTitle>Signature</CardTitle><CardDescription>What a caller feeds and reads, compared with v{base.number}.</CardDescription></CardHeader>
        <CardContent className="space-y-4">
          {c.versions.filter((v) => !v.isBase).map((v) => <SignatureDiff key={v.id} v={v} baseNumber={base.number} />)}
        </CardContent>
      </Card>
      <Card>
        <CardHeader><CardTitle>Metadata</CardTitle><CardDescription>Rows that differ are marked.</CardDescription></CardHeader>
        <CardContent>
          <Table aria-label="Metadata">
            <THead><TR><TH>Field</TH>{c.versions.map((v) => <TH key={v.id}>v{v.number}</TH>)}</TR></THead>
            <TBody>
              {c.metadata.map((row) => (
                <TR key={row.key} data-differs={row.differs || undefined} className={cn(row.differs && "bg-warning-subtle/60")}>
                  <TH scope="row" className="whitespace-nowrap text-left font-medium normal-case tracking-normal text-foreground">{row.label}{row.differs ? <span className="ml-1 text-warning-text" title="differs">•</span> : null}</TH>
                  {row.values.map((value, i) => (
                    <TD key={c.versions[i].id} className="max-w-72 break-words align-top text-sm">{value ?? <span className="text-muted-foreground">—</span>}</TD>
                  ))}
                </TR>
              ))}
            </TBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}

function VersionHead({ v, index }: { v: TCompared; index: number }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="flex items-center gap-2">
        <span aria-hidden className="inline-block size-2.5 rounded-full" style={{ background: VERSION_COLORS[index % VERSION_COLORS.length] }} />
        <Link className="font-semibold hover:underline" href={routes.version(v.id)}>v{v.number}</Link>
        {v.isBase ? <span className="rounded bg-muted px-1.5 text-xs text-muted-foreground">base</span> : null}
      </span>
      <StageBadge stage={v.stage} />
    </div>
  );
}

function MetricTable({ c }: { c: TVersionComparison }) {
  const keys = c.versions.find((v) => v.metrics.length)?.metrics.map((m) => m.key) ?? [];
  return (
    <Table aria-label="Metric comparison">
      <THead>
        <TR><TH>Metric</TH>{c.versions.map((v, i) => <TH key={v.id}><VersionHead v={v} index={i} /></TH>)}</TR>
      </THead>
      <TBody>
        <TR>
          <TH scope="row" className="text-left font-medium normal-case tracking-normal text-foreground">Evaluation</TH>
          {c.versions.map((v) => (
            <TD key={v.id} className="text-xs text-muted-foreground">
              {v.evaluation ? <>{v.evaluation.rows.toLocaleString()} rows</> : <span>not evaluated on this dataset{v.intakeStatus === "PASSED" ? <> — <Link className="underline" href={routes.version(v.id)}>evaluate</Link></> : null}</span>}
            </TD>
          ))}
        </TR>
        {keys.map((key) => (
          <TR key={key} data-metric-row={key}>
            <TH scope="row" className="text-left font-medium normal-case tracking-normal text-foreground">{metricLabel(key)} <span className="font-mono text-xs text-muted-foreground">{key}</span></TH>
            {c.versions.map((v) => {
              const m = v.metrics.find((x) => x.key === key);
              return (
                <TD key={v.id} className="tabular-nums" data-version={v.number}>
                  {!m || (m.value === null && !m.reason) ? <span className="text-muted-foreground">—</span> : m.value === null ? <span className="text-xs text-muted-foreground" title={m.reason ?? undefined}>undefined</span> : (
                    <span className="flex flex-wrap items-baseline gap-x-2">
                      <span>{formatMetric(key, m.value)}</span>
                      {m.delta !== null ? <Delta metric={key} delta={m.delta} /> : null}
                    </span>
                  )}
                </TD>
              );
            })}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function Delta({ metric, delta }: { metric: string; delta: number }) {
  const dir = deltaDirection(metric, delta);
  const Icon = dir > 0 ? ArrowUpRight : dir < 0 ? ArrowDownRight : Minus;
  const word = dir > 0 ? "better" : dir < 0 ? "worse" : "unchanged";
  return (
    <span className={cn("inline-flex items-center gap-0.5 text-xs", dir > 0 && "text-success-text", dir < 0 && "text-danger-text", dir === 0 && "text-muted-foreground")} data-delta={word}>
      <Icon aria-hidden className="size-3" />{formatDelta(metric, delta)}<span className="sr-only"> ({word})</span>
    </span>
  );
}

function SignatureDiff({ v, baseNumber }: { v: TCompared; baseNumber: number }) {
  const d = v.signatureDiff!;
  const sections: [string, TChange<unknown>[]][] = [["Features", d.features], ["Graph inputs", d.inputs], ["Graph outputs", d.outputs]];
  const total = sections.reduce((n, [, xs]) => n + xs.length, 0);
  return (
    <section aria-label={`Signature of v${v.number} against v${baseNumber}`} className="rounded-lg border border-border p-3">
      <h3 className="mb-2 text-sm font-semibold">v{v.number} against v{baseNumber}</h3>
      {total === 0 ? <p className="text-sm text-muted-foreground">Same features, inputs and outputs.</p> : (
        <div className="grid gap-3 md:grid-cols-3">
          {sections.filter(([, xs]) => xs.length).map(([title, xs]) => (
            <div key={title}>
              <h4 className="mb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">{title}</h4>
              <ul className="space-y-1 text-sm">
                {xs.map((ch) => (
                  <li key={`${ch.kind}:${ch.name}`} data-change={ch.kind}>
                    <span className={cn("mr-1.5 rounded px-1 text-xs font-medium", ch.kind === "added" && "bg-success-subtle text-success-text", ch.kind === "removed" && "bg-danger-subtle text-danger-text", ch.kind === "changed" && "bg-warning-subtle text-warning-text")}>{ch.kind}</span>
                    <span className="font-mono">{ch.name}</span>
                    {ch.kind === "changed" ? <span className="text-muted-foreground">: {ch.what.join("; ")}</span> : <span className="text-muted-foreground"> {describe(ch.kind === "added" ? ch.after : ch.before)}</span>}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function describe(v: unknown): string {
  if (typeof v === "string") return `(${v})`;
  const t = v as { elemType: string; shape: string };
  return `(${t.elemType} ${t.shape})`;
}
