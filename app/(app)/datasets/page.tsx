import Link from "next/link";
import { Database, Search } from "lucide-react";
import { requireActor } from "@/lib/auth/require-actor";
import { teamsWhere } from "@/lib/auth/permissions";
import { listDatasets } from "@/lib/datasets/list-datasets";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";
import { formatBytes } from "@/lib/utils/format";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { UploadDataset } from "@/components/datasets/upload-dataset";

export const metadata = { title: "Datasets · Modelgate" };

export default async function DatasetsPage({ searchParams }: { searchParams: Promise<{ q?: string; team?: string }> }) {
  const actor = await requireActor(routes.datasets());
  const sp = await searchParams;
  const query = { q: sp.q?.slice(0, 100) || undefined, team: sp.team || undefined };
  const datasets = await listDatasets(actor, query);
  const uploadTeams = teamsWhere(actor, "dataset.upload");
  const teams = actor.memberships.filter((m) => uploadTeams.includes(m.teamId)).map((m) => ({ id: m.teamId, slug: m.teamSlug, name: m.teamName }));
  const filtered = Boolean(query.q || query.team);

  return (
    <>
      <PageHeader title="Datasets" description="CSV files of your teams, profiled on upload: reference data for drift, holdouts for evaluation gates." />
      <div className="grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
        <div className={teams.length ? "space-y-5 lg:col-span-2" : "space-y-5 lg:col-span-3"}>
          <form role="search" className="flex flex-col gap-2 sm:flex-row" action={routes.datasets()}>
            <label htmlFor="q" className="sr-only">Search datasets by name</label>
            <div className="relative flex-1">
              <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
              <Input id="q" name="q" defaultValue={query.q ?? ""} placeholder="Search by name" className="pl-9" />
            </div>
            {query.team ? <input type="hidden" name="team" value={query.team} /> : null}
            <Button type="submit" variant="secondary">Search</Button>
            {filtered ? <Button asChild variant="ghost"><Link href={routes.datasets()}>Clear</Link></Button> : null}
          </form>
          {datasets.length === 0 ? (
            <EmptyState
              icon={<Database aria-hidden />}
              title={filtered ? "No datasets match" : "No datasets yet"}
              description={filtered ? "Try another name." : teams.length ? "Upload a CSV to profile it and attach it to a model." : "Datasets uploaded by your team will appear here."}
            />
          ) : (
            <Table aria-label="Datasets">
              <THead>
                <TR>
                  <TH>Name</TH>
                  <TH className="text-right">Rows</TH>
                  <TH className="text-right">Columns</TH>
                  <TH className="hidden text-right md:table-cell">Size</TH>
                  <TH className="hidden lg:table-cell">Team</TH>
                  <TH className="hidden sm:table-cell">Uploaded</TH>
                </TR>
              </THead>
              <TBody>
                {datasets.map((d) => (
                  <TR key={d.id}>
                    <TD>
                      <Link href={routes.dataset(d.id)} className="font-medium text-foreground hover:underline">{d.name}</Link>
                      {d.labelColumn ? <div className="text-xs text-muted-foreground">label: <span className="font-mono">{d.labelColumn}</span></div> : null}
                    </TD>
                    <TD className="text-right tabular-nums">{d.rowCount.toLocaleString("en-US")}</TD>
                    <TD className="text-right tabular-nums">{d.columnCount}</TD>
                    <TD className="hidden text-right tabular-nums text-muted-foreground md:table-cell">{formatBytes(d.size)}</TD>
                    <TD className="hidden text-muted-foreground lg:table-cell">{d.team.name}</TD>
                    <TD className="hidden text-muted-foreground sm:table-cell">{d.createdBy.name}, <RelativeTime date={d.createdAt} /></TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </div>
        {teams.length ? (
          <div>
            <UploadDataset teams={teams} defaultTeam={teams.find((t) => t.slug === query.team || t.id === query.team)?.slug ?? teams[0].slug} maxBytes={env.DATASET_MAX_BYTES} />
          </div>
        ) : null}
      </div>
    </>
  );
}
