import Link from "next/link";
import { ScrollText, ShieldAlert, ShieldCheck } from "lucide-react";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth/require-actor";
import { canAdmin } from "@/lib/auth/permissions";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { ZodError } from "zod";
import { routes } from "@/lib/routes";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AuditChange } from "@/components/audit/audit-change";

export const metadata = { title: "Audit log · Modelgate" };

type TSearch = { team?: string; action?: string; actor?: string; from?: string; to?: string; before?: string };

export default async function AuditPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const actor = await requireActor(routes.audit());
  const sp = await searchParams;
  const filters = { team: sp.team || undefined, action: sp.action || undefined, actor: sp.actor || undefined, from: sp.from || undefined, to: sp.to || undefined, before: sp.before || undefined };
  let error: string | null = null;
  let result: Awaited<ReturnType<typeof listAuditEvents>> = { events: [], nextBefore: null };
  try {
    result = await listAuditEvents(actor, filters);
  } catch (e) {
    if (!(e instanceof ZodError)) throw e;
    error = "The filters are not valid: " + e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  }
  const verification = canAdmin(actor, "admin.audit") ? await verifyAuditChain(db) : null;
  const teams = actor.memberships;

  return (
    <>
      <PageHeader title="Audit log" description="Every state change, append-only and hash-chained. The database refuses edits and deletions." />
      {verification ? (
        verification.ok ? (
          <Alert className="mb-5" variant="success" icon={<ShieldCheck aria-hidden />} title="Hash chain intact" description={`${verification.checked} events verified.`} />
        ) : (
          <Alert className="mb-5" variant="danger" icon={<ShieldAlert aria-hidden />} title={`Hash chain broken at event #${verification.brokenAt.seq}`} description={verification.brokenAt.reason} />
        )
      ) : null}
      <form className="mb-5 grid gap-2 sm:grid-cols-2 lg:grid-cols-6" action={routes.audit()} aria-label="Filter audit events">
        <label className="sr-only" htmlFor="team">Team</label>
        <select id="team" name="team" defaultValue={filters.team ?? ""} className="h-9 rounded-md border border-input bg-card px-3 text-sm">
          <option value="">All my teams</option>
          {teams.map((t) => <option key={t.teamId} value={t.teamSlug}>{t.teamName}</option>)}
        </select>
        <label className="sr-only" htmlFor="action">Action</label>
        <Input id="action" name="action" placeholder="Action, e.g. version." defaultValue={filters.action} />
        <label className="sr-only" htmlFor="actor">Actor</label>
        <Input id="actor" name="actor" placeholder="Actor email" defaultValue={filters.actor} />
        <label className="sr-only" htmlFor="from">From</label>
        <Input id="from" name="from" type="date" defaultValue={filters.from} />
        <label className="sr-only" htmlFor="to">To</label>
        <Input id="to" name="to" type="date" defaultValue={filters.to} />
        <Button type="submit" variant="secondary">Filter</Button>
      </form>
      {error ? <Alert className="mb-5" variant="danger" title={error} /> : null}
      {result.events.length === 0 ? (
        <EmptyState icon={<ScrollText aria-hidden />} title="No events" description="Nothing matches these filters." />
      ) : (
        <Table aria-label="Audit events">
          <THead><TR><TH>#</TH><TH>Time (UTC)</TH><TH>Actor</TH><TH>Action</TH><TH className="hidden md:table-cell">Subject</TH><TH className="hidden lg:table-cell">Change</TH></TR></THead>
          <TBody>
            {result.events.map((e) => (
              <TR key={e.id}>
                <TD className="tabular-nums text-muted-foreground">{e.seq}</TD>
                <TD className="whitespace-nowrap text-sm">{e.at.toISOString().replace("T", " ").slice(0, 19)}</TD>
                <TD className="text-sm">{e.actorLabel}</TD>
                <TD><code className="font-mono text-xs">{e.action}</code></TD>
                <TD className="hidden font-mono text-xs text-muted-foreground md:table-cell">{e.subjectType}:{e.subjectId.slice(0, 12)}</TD>
                <TD className="hidden lg:table-cell"><AuditChange before={e.before} after={e.after} /></TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      {result.nextBefore ? (
        <div className="mt-4 flex justify-end">
          <Button asChild variant="outline"><Link href={routes.audit({ ...filters, before: result.nextBefore })}>Older events</Link></Button>
        </div>
      ) : null}
    </>
  );
}
