import Link from "next/link";
import { Boxes, Plus, Search } from "lucide-react";
import { requireActor } from "@/lib/auth/require-actor";
import { teamsWhere } from "@/lib/auth/permissions";
import { listModels } from "@/lib/models/list-models";
import { routes } from "@/lib/routes";
import { Badge, StageBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TaskLabel } from "@/components/models/task-label";
import { RelativeTime } from "@/components/ui/relative-time";

export const metadata = { title: "Models · Modelgate" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<{ q?: string; tag?: string; team?: string }> }) {
  const actor = await requireActor(routes.models());
  const sp = await searchParams;
  const query = { q: sp.q?.slice(0, 100) || undefined, tag: sp.tag?.slice(0, 40) || undefined, team: sp.team || undefined };
  const models = await listModels(actor, query);
  const canCreate = teamsWhere(actor, "model.create").length > 0;
  const filtered = Boolean(query.q || query.tag || query.team);

  return (
    <>
      <PageHeader
        title="Models"
        description="Every registered model of your teams, with the versions serving in staging and production."
        actions={canCreate ? (
          <Button asChild>
            <Link href={routes.newModel()}><Plus aria-hidden /> Register model</Link>
          </Button>
        ) : null}
      />
      <form role="search" className="mb-5 flex flex-col gap-2 sm:flex-row" action={routes.models()}>
        <label htmlFor="q" className="sr-only">Search models by name or tag</label>
        <div className="relative flex-1">
          <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input id="q" name="q" defaultValue={query.q ?? ""} placeholder="Search by name or tag" className="pl-9" />
        </div>
        {query.tag ? <input type="hidden" name="tag" value={query.tag} /> : null}
        <Button type="submit" variant="secondary">Search</Button>
        {filtered ? <Button asChild variant="ghost"><Link href={routes.models()}>Clear</Link></Button> : null}
      </form>
      {query.tag ? (
        <p className="mb-4 text-sm text-muted-foreground">
          Tagged <Badge variant="outline">{query.tag}</Badge>
        </p>
      ) : null}
      {models.length === 0 ? (
        <EmptyState
          icon={<Boxes aria-hidden />}
          title={filtered ? "No models match" : "No models yet"}
          description={filtered ? "Try another name or tag." : canCreate ? "Register a model, then upload its first ONNX version." : "Models registered by your team will appear here."}
          action={!filtered && canCreate ? <Button asChild><Link href={routes.newModel()}>Register model</Link></Button> : undefined}
        />
      ) : (
        <Table aria-label="Models">
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Task</TH>
              <TH>Stages</TH>
              <TH className="text-right">Versions</TH>
              <TH className="hidden md:table-cell">Tags</TH>
              <TH className="hidden lg:table-cell">Team</TH>
              <TH className="hidden sm:table-cell">Updated</TH>
            </TR>
          </THead>
          <TBody>
            {models.map((m) => (
              <TR key={m.id}>
                <TD>
                  <Link href={routes.model(m.id)} className="font-medium text-foreground hover:underline">{m.name}</Link>
                </TD>
                <TD><TaskLabel task={m.task} /></TD>
                <TD>
                  <div className="flex flex-wrap gap-1">
                    {m.stages.length === 0 ? <span className="text-sm text-muted-foreground">—</span> : m.stages.map((s) => (
                      <StageBadge key={`${s.stage}-${s.number}`} stage={s.stage} title={`v${s.number} in ${s.stage.toLowerCase()}`} />
                    ))}
                  </div>
                </TD>
                <TD className="text-right tabular-nums">{m.versionCount}</TD>
                <TD className="hidden md:table-cell">
                  <div className="flex flex-wrap gap-1">
                    {m.tags.map((t) => (
                      <Link key={t} href={routes.models({ tag: t })}><Badge variant="outline">{t}</Badge></Link>
                    ))}
                  </div>
                </TD>
                <TD className="hidden text-muted-foreground lg:table-cell">{m.team.name}</TD>
                <TD className="hidden text-muted-foreground sm:table-cell"><RelativeTime date={m.updatedAt} /></TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
