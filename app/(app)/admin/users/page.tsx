import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/require-actor";
import { canAdmin } from "@/lib/auth/permissions";
import { listUsers } from "@/lib/admin/users";
import { routes } from "@/lib/routes";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ActionForm } from "@/components/admin/action-form";
import { CreateUserForm } from "@/components/admin/admin-forms";
import { createUserAction, resetPasswordAction, setUserDisabledAction } from "../actions";

export const metadata = { title: "Users · Admin · Modelgate" };

export default async function AdminUsersPage() {
  const actor = await requireActor(routes.adminUsers());
  if (!canAdmin(actor, "admin.users")) notFound();
  const users = await listUsers(actor);
  return (
    <>
      <PageHeader title="Users" description="Create accounts, disable them, reset passwords. Disabling or resetting ends the user's sessions at once." breadcrumbs={[{ label: "Admin" }, { label: "Users" }]} />
      <div className="grid gap-6 xl:grid-cols-3 [&>*]:min-w-0">
        <Card className="xl:col-span-2">
          <CardHeader><CardTitle>All users ({users.length})</CardTitle></CardHeader>
          <CardContent>
            <Table aria-label="Users">
              <THead><TR><TH>User</TH><TH className="hidden md:table-cell">Teams</TH><TH>Status</TH><TH><span className="sr-only">Actions</span></TH></TR></THead>
              <TBody>
                {users.map((u) => (
                  <TR key={u.id}>
                    <TD>
                      <div className="font-medium">{u.name} {u.isAdmin ? <Badge variant="info">admin</Badge> : null}</div>
                      <div className="text-sm text-muted-foreground">{u.email}</div>
                    </TD>
                    <TD className="hidden text-sm md:table-cell">{u.memberships.map((m) => `${m.team.name} (${m.role.toLowerCase().replace("_", " ")})`).join(", ") || "—"}</TD>
                    <TD>{u.disabledAt ? <Badge variant="secondary">disabled</Badge> : <Badge variant="success">active</Badge>}</TD>
                    <TD>
                      <div className="flex flex-col items-end gap-2">
                        {u.id !== actor.userId ? (
                          <ActionForm action={setUserDisabledAction} label={`${u.disabledAt ? "Enable" : "Disable"} ${u.email}`} inline>
                            <input type="hidden" name="userId" value={u.id} />
                            <input type="hidden" name="disable" value={u.disabledAt ? "false" : "true"} />
                            <Button size="sm" variant={u.disabledAt ? "outline" : "destructive"} type="submit">{u.disabledAt ? "Enable" : "Disable"}</Button>
                          </ActionForm>
                        ) : null}
                        <ActionForm action={resetPasswordAction} label={`Reset password of ${u.email}`} className="flex items-center gap-2" inline>
                          <input type="hidden" name="userId" value={u.id} />
                          <label className="sr-only" htmlFor={`pw-${u.id}`}>New password for {u.email}</label>
                          <Input id={`pw-${u.id}`} name="password" type="password" placeholder="New password" className="h-8 w-36" autoComplete="new-password" />
                          <Button size="sm" variant="outline" type="submit">Reset</Button>
                        </ActionForm>
                      </div>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>Create a user</CardTitle></CardHeader>
          <CardContent>
            <CreateUserForm action={createUserAction} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
