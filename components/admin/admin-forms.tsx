"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ActionForm, type TAction } from "@/components/admin/action-form";

const ROLES = [["DATA_SCIENTIST", "Data scientist"], ["APPROVER", "Approver"], ["EXECUTIVE", "Executive"]] as const;

export function RoleSelect({ name, defaultValue, id }: { name: string; defaultValue?: string; id?: string }) {
  return (
    <select id={id} name={name} defaultValue={defaultValue} className="h-8 rounded-md border border-input bg-card px-2 text-sm">
      {ROLES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
    </select>
  );
}

export function CreateUserForm({ action }: { action: TAction }) {
  return (
    <ActionForm action={action} label="Create a user" className="space-y-4">
      {(state) => (
        <>
          <Field label="Name" required error={state.fieldErrors?.name}><Input name="name" /></Field>
          <Field label="Email" required error={state.fieldErrors?.email}><Input name="email" type="email" /></Field>
          <Field label="Password" required hint="At least 10 characters" error={state.fieldErrors?.password}><Input name="password" type="password" autoComplete="new-password" /></Field>
          <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="isAdmin" /> Administrator</label>
          <Button type="submit" className="w-full">Create user</Button>
        </>
      )}
    </ActionForm>
  );
}

export function CreateTeamForm({ action }: { action: TAction }) {
  return (
    <ActionForm action={action} label="Create a team" className="space-y-4">
      {(state) => (
        <>
          <Field label="Name" required error={state.fieldErrors?.name}><Input name="name" /></Field>
          <Field label="Slug" required hint="Lowercase, digits and '-'; used in serving URLs" error={state.fieldErrors?.slug}><Input name="slug" /></Field>
          <Button type="submit" className="w-full">Create team</Button>
        </>
      )}
    </ActionForm>
  );
}

export function AddMemberForm({ action, teamId, teamName }: { action: TAction; teamId: string; teamName: string }) {
  return (
    <ActionForm action={action} label={`Add a member to ${teamName}`} className="flex flex-col gap-2 sm:flex-row sm:items-end">
      {(state) => (
        <>
          <input type="hidden" name="teamId" value={teamId} />
          <Field label="Add member by email" error={state.fieldErrors?.email} className="flex-1"><Input name="email" type="email" className="h-8" /></Field>
          <RoleSelect name="role" />
          <Button size="sm" type="submit">Add</Button>
        </>
      )}
    </ActionForm>
  );
}
