import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/require-actor";
import { canAdmin } from "@/lib/auth/permissions";
import { listTeams } from "@/lib/admin/teams";
import { routes } from "@/lib/routes";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ActionForm } from "@/components/admin/action-form";
import { AddMemberForm, CreateTeamForm, RoleSelect } from "@/components/admin/admin-forms";
import { createTeamAction, removeMembershipAction, setMembershipAction } from "../actions";

export const metadata = { title: "Teams · Admin · Modelgate" };

export default async function AdminTeamsPage() {
  const actor = await requireActor(routes.adminTeams());
  if (!canAdmin(actor, "admin.teams")) notFound();
  const teams = await listTeams(actor);
  return (
    <>
      <PageHeader title="Teams" description="Every model belongs to one team. A member's role decides what they may do there; changes apply at their next request." breadcrumbs={[{ label: "Admin" }, { label: "Teams" }]} />
      <div className="grid gap-6 xl:grid-cols-3 [&>*]:min-w-0">
        <div className="space-y-6 xl:col-span-2">
          {teams.map((t) => (
            <Card key={t.id}>
              <CardHeader>
                <CardTitle>{t.name} <span className="font-mono text-sm font-normal text-muted-foreground">{t.slug}</span></CardTitle>
                <CardDescription>{t._count.models} models · {t.memberships.length} members</CardDescription>
              </CardHeader>
              <CardContent className="space-y-4">
                <Table aria-label={`Members of ${t.name}`}>
                  <THead><TR><TH>Member</TH><TH>Role</TH><TH><span className="sr-only">Actions</span></TH></TR></THead>
                  <TBody>
                    {t.memberships.map((m) => (
                      <TR key={m.id}>
                        <TD><div className="font-medium">{m.user.name} {m.user.disabledAt ? <Badge variant="secondary">disabled</Badge> : null}</div><div className="text-sm text-muted-foreground">{m.user.email}</div></TD>
                        <TD>
                          <ActionForm action={setMembershipAction} label={`Change role of ${m.user.email} in ${t.name}`} className="flex items-center gap-2" inline>
                            <input type="hidden" name="teamId" value={t.id} />
                            <input type="hidden" name="email" value={m.user.email} />
                            <label className="sr-only" htmlFor={`role-${m.id}`}>Role</label>
                            <RoleSelect id={`role-${m.id}`} name="role" defaultValue={m.role} />
                            <Button size="sm" variant="outline" type="submit">Save</Button>
                          </ActionForm>
                        </TD>
                        <TD className="text-right">
                          <ActionForm action={removeMembershipAction} label={`Remove ${m.user.email} from ${t.name}`} inline>
                            <input type="hidden" name="membershipId" value={m.id} />
                            <Button size="sm" variant="ghost" type="submit">Remove</Button>
                          </ActionForm>
                        </TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
                <AddMemberForm action={setMembershipAction} teamId={t.id} teamName={t.name} />
              </CardContent>
            </Card>
          ))}
        </div>
        <Card>
          <CardHeader><CardTitle>Create a team</CardTitle></CardHeader>
          <CardContent>
            <CreateTeamForm action={createTeamAction} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
