import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { loadUserActor } from "@/lib/auth/load-actor";
import type { TActor } from "@/lib/auth/actor";
import type { TeamRole } from "@/lib/generated/prisma/enums";

// Factories make uniquely named rows for one test; nothing is shared between tests.
export function uniq(prefix = "t"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function makeTeam(name = uniq("team")) {
  return db.team.create({ data: { slug: name, name }, select: { id: true, slug: true, name: true } });
}

let cachedHash: Promise<string> | undefined;

export async function makeUser(opts: { teamId?: string; role?: TeamRole; isAdmin?: boolean; password?: string } = {}) {
  const password = opts.password ?? "correct horse battery";
  const passwordHash = opts.password ? await hashPassword(password) : await (cachedHash ??= hashPassword(password));
  const email = `${uniq("user")}@example.test`;
  const user = await db.user.create({
    data: {
      email, name: email.split("@")[0], passwordHash, isAdmin: opts.isAdmin ?? false,
      memberships: opts.teamId ? { create: { teamId: opts.teamId, role: opts.role ?? "DATA_SCIENTIST" } } : undefined,
    },
    select: { id: true, email: true },
  });
  return { ...user, password };
}

export async function actorFor(userId: string): Promise<TActor> {
  const actor = await loadUserActor(userId, null);
  if (!actor) throw new Error("user not found");
  return actor;
}

// A team with one user of each role, ready to act.
export async function makeTeamWithRoles() {
  const team = await makeTeam();
  const [ds, approver, exec] = await Promise.all([
    makeUser({ teamId: team.id, role: "DATA_SCIENTIST" }),
    makeUser({ teamId: team.id, role: "APPROVER" }),
    makeUser({ teamId: team.id, role: "EXECUTIVE" }),
  ]);
  return { team, ds: { ...ds, actor: await actorFor(ds.id) }, approver: { ...approver, actor: await actorFor(approver.id) }, exec: { ...exec, actor: await actorFor(exec.id) } };
}
