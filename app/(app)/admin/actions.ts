"use server";

import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { getSessionActor } from "@/lib/auth/session-actor";
import { createTeam, removeMembership, setMembership } from "@/lib/admin/teams";
import { createUser, resetUserPassword, setUserDisabled } from "@/lib/admin/users";
import { isAppError } from "@/lib/errors";
import { routes } from "@/lib/routes";

export type TActionState = { ok: boolean; message: string | null; fieldErrors?: Record<string, string> };

// Server actions: authenticate → call one lib function (which checks admin rights) → revalidate.
async function run(path: string, fn: (actor: NonNullable<Awaited<ReturnType<typeof getSessionActor>>>) => Promise<unknown>, success: string): Promise<TActionState> {
  const actor = await getSessionActor();
  if (!actor) return { ok: false, message: "Your session has ended. Sign in again." };
  try {
    await fn(actor);
    revalidatePath(path);
    return { ok: true, message: success };
  } catch (e) {
    if (e instanceof ZodError) {
      const fieldErrors: Record<string, string> = {};
      for (const i of e.issues) fieldErrors[i.path.join(".")] ??= i.message;
      return { ok: false, message: "Check the highlighted fields.", fieldErrors };
    }
    if (isAppError(e)) return { ok: false, message: e.message };
    throw e;
  }
}

const str = (f: FormData, k: string) => String(f.get(k) ?? "");

export async function createUserAction(_prev: TActionState, form: FormData): Promise<TActionState> {
  return run(routes.adminUsers(), (a) => createUser(a, { email: str(form, "email"), name: str(form, "name"), password: str(form, "password"), isAdmin: form.get("isAdmin") === "on" }), "User created.");
}

export async function setUserDisabledAction(_prev: TActionState, form: FormData): Promise<TActionState> {
  const disable = str(form, "disable") === "true";
  return run(routes.adminUsers(), (a) => setUserDisabled(a, str(form, "userId"), disable), disable ? "User disabled; their sessions have ended." : "User enabled.");
}

export async function resetPasswordAction(_prev: TActionState, form: FormData): Promise<TActionState> {
  return run(routes.adminUsers(), (a) => resetUserPassword(a, str(form, "userId"), str(form, "password")), "Password reset; the user's sessions have ended.");
}

export async function createTeamAction(_prev: TActionState, form: FormData): Promise<TActionState> {
  return run(routes.adminTeams(), (a) => createTeam(a, { slug: str(form, "slug"), name: str(form, "name") }), "Team created.");
}

export async function setMembershipAction(_prev: TActionState, form: FormData): Promise<TActionState> {
  return run(routes.adminTeams(), (a) => setMembership(a, { teamId: str(form, "teamId"), email: str(form, "email"), role: str(form, "role") }), "Membership saved.");
}

export async function removeMembershipAction(_prev: TActionState, form: FormData): Promise<TActionState> {
  return run(routes.adminTeams(), (a) => removeMembership(a, str(form, "membershipId")), "Member removed.");
}
