import Link from "next/link";
import { Boxes } from "lucide-react";
import { requireActor } from "@/lib/auth/require-actor";
import { getDataset } from "@/lib/datasets/get-dataset";
import type { TColumnProfile } from "@/lib/datasets/dataset-types";
import { orNotFound } from "@/lib/http/or-not-found";
import { routes } from "@/lib/routes";
import { formatBytes, shortSha } from "@/lib/utils/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyValueList } from "@/components/ui/key-value-list";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ColumnTypeBadge, DatasetRoleBadge, DefaultDatasetBadge } from "@/components/datasets/dataset-badges";

const num = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumSignificantDigits: 4 }));

function summary(c: TColumnProfile): React.ReactNode {
  if (c.type === "numeric" && c.numeric) return <>min {num(c.numeric.min)} · mean {num(c.numeric.mean)} · max {num(c.numeric.max)}</>;
  const top = (c.distinct ?? []).slice(0, 4).map((d) => `${d.value} (${d.count.toLocaleString("en-US")})`).join(", ");
  const more = c.distinctCount > 4 ? `, … ${c.distinctCapped ? "over " : ""}${c.distinctCount.toLocaleString("en-US")} distinct` : "";
  return top ? `${top}${more}` : "—";
}

export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(routes.dataset(id));
  const d = await orNotFound(getDataset(actor, id));

  return (
    <>
      <PageHeader
        title={d.name}
        breadcrumbs={[{ label: "Datasets", href: routes.datasets() }, { label: d.name }]}
        meta={
          <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            <span>{d.team.name}</span>
            <span aria-hidden>·</span>
            <span>uploaded by {d.createdBy.name} <RelativeTime date={d.createdAt} /></span>
          </div>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader><CardTitle>Schema</CardTitle><CardDescription>Inferred from every row: numeric when every value is a number (0/1 included), boolean for true/false/yes/no, categorical otherwise. Empty cells are nulls.</CardDescription></CardHeader>
            <CardContent>
              <Table aria-label="Columns">
                <THead><TR><TH>Column</TH><TH>Type</TH><TH className="text-right">Nulls</TH><TH className="hidden md:table-cell">Values</TH></TR></THead>
                <TBody>
                  {d.columns.map((c) => (
                    <TR key={c.name}>
                      <TD>
                        <span className="font-mono text-xs">{c.name}</span>
                        {c.name === d.labelColumn ? <Badge variant="primary" className="ml-2">label</Badge> : null}
                      </TD>
                      <TD>
                        <ColumnTypeBadge type={c.type} />
                        {!c.allNumeric && c.firstNonNumeric ? (
                          <div className="mt-1 text-xs text-muted-foreground">not all numbers: row {c.firstNonNumeric.row} is “{c.firstNonNumeric.value}”</div>
                        ) : null}
                      </TD>
                      <TD className={c.nullCount ? "text-right tabular-nums text-warning-text" : "text-right tabular-nums text-muted-foreground"}>
                        {c.nullCount.toLocaleString("en-US")}
                        {c.nullCount ? <span className="block text-xs">{((c.nullCount / d.rowCount) * 100).toFixed(1)}%</span> : null}
                      </TD>
                      <TD className="hidden max-w-80 truncate text-xs text-muted-foreground md:table-cell">{summary(c)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </CardContent>
          </Card>
          <Card>
            <CardHeader><CardTitle>Preview</CardTitle><CardDescription>The first {d.preview.length} of {d.rowCount.toLocaleString("en-US")} rows, as written in the file.</CardDescription></CardHeader>
            <CardContent>
              <Table aria-label="Preview rows">
                <THead><TR><TH className="text-right text-muted-foreground">#</TH>{d.columns.map((c) => <TH key={c.name} className="font-mono text-xs whitespace-nowrap normal-case">{c.name}</TH>)}</TR></THead>
                <TBody>
                  {d.preview.map((row, i) => (
                    <TR key={i}>
                      <TD className="text-right text-xs tabular-nums text-muted-foreground">{i + 1}</TD>
                      {row.map((v, j) => (
                        <TD key={j} className="max-w-60 truncate font-mono text-xs whitespace-nowrap" title={v}>
                          {v === "" ? <span className="text-muted-foreground italic">null</span> : v}
                        </TD>
                      ))}
                    </TR>
                  ))}
                </TBody>
              </Table>
            </CardContent>
          </Card>
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader><CardTitle>File</CardTitle></CardHeader>
            <CardContent>
              <KeyValueList items={[
                { label: "Rows", value: d.rowCount.toLocaleString("en-US") },
                { label: "Columns", value: d.columns.length },
                { label: "Label column", value: d.labelColumn ? <span className="font-mono">{d.labelColumn}</span> : null },
                { label: "Size", value: formatBytes(d.size) },
                { label: "SHA-256", value: <span className="font-mono text-xs" title={d.sha256}>{shortSha(d.sha256)}</span> },
                { label: "File name", value: d.originalFilename },
              ]} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader><CardTitle>Used by</CardTitle><CardDescription>Models this dataset is attached to, and in which role.</CardDescription></CardHeader>
            <CardContent>
              {d.models.length === 0 ? (
                <EmptyState className="py-8" icon={<Boxes aria-hidden />} title="Not attached" description="Attach it from a model's page, as its evaluation or reference dataset." />
              ) : (
                <ul className="divide-y divide-border text-sm" aria-label="Models using this dataset">
                  {d.models.map((m) => (
                    <li key={`${m.modelId}:${m.role}`} className="flex flex-wrap items-center gap-2 py-2 first:pt-0 last:pb-0">
                      <Link href={routes.model(m.modelId)} className="min-w-0 truncate font-medium hover:underline">{m.modelName}</Link>
                      <span className="ml-auto flex gap-1.5"><DatasetRoleBadge role={m.role} />{m.isDefault ? <DefaultDatasetBadge /> : null}</span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
