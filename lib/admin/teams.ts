import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertAdmin } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db-errors";

export const ZCreateTeam = z.object({
  slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "slug uses lowercase letters, digits and '-', at most 40 characters"),
  name: z.string().trim().min(1, "name is required").max(80),
});

export const ZSetMembership = z.object({
  teamId: z.string().min(1),
  email: z.string().trim().toLowerCase().email("email is not a valid address"),
  role: z.enum(["DATA_SCIENTIST", "APPROVER", "EXECUTIVE"], { error: "role must be DATA_SCIENTIST, APPROVER or EXECUTIVE" }),
});

export async function listTeams(actor: TActor) {
  assertAdmin(actor, "admin.teams");
  return db.team.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true, slug: true, name: true, createdAt: true,
      _count: { select: { models: true } },
      memberships: { orderBy: { user: { email: "asc" } }, select: { id: true, role: true, user: { select: { id: true, email: true, name: true, disabledAt: true } } } },
    },
  });
}

export async function createTeam(actor: TActor, raw: unknown) {
  assertAdmin(actor, "admin.teams");
  const input = ZCreateTeam.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      const team = await tx.team.create({ data: input, select: { id: true, slug: true } });
      await appendAuditEvent(tx, { actor, teamId: team.id, action: "team.created", subjectType: "team", subjectId: team.id, after: input });
      return team;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A team with slug '${input.slug}' already exists`);
    throw e;
  }
}

// Adds a member or changes their role. Rights are re-read on every request, so the new role applies
// to the user's very next request without signing them out.
export async function setMembership(actor: TActor, raw: unknown) {
  assertAdmin(actor, "admin.teams");
  const input = ZSetMembership.parse(raw);
  await db.$transaction(async (tx) => {
    const [team, user] = await Promise.all([
      tx.team.findUnique({ where: { id: input.teamId }, select: { id: true } }),
      tx.user.findUnique({ where: { email: input.email }, select: { id: true } }),
    ]);
    if (!team) throw notFound("Team");
    if (!user) throw notFound(`User ${input.email}`);
    const existing = await tx.membership.findUnique({ where: { userId_teamId: { userId: user.id, teamId: team.id } }, select: { role: true } });
    if (existing?.role === input.role) return;
    await tx.membership.upsert({
      where: { userId_teamId: { userId: user.id, teamId: team.id } },
      create: { userId: user.id, teamId: team.id, role: input.role },
      update: { role: input.role },
    });
    await appendAuditEvent(tx, {
      actor, teamId: team.id, action: existing ? "membership.role_changed" : "membership.added", subjectType: "user", subjectId: user.id,
      before: existing ? { role: existing.role } : null, after: { role: input.role, email: input.email },
    });
  });
}

export async function removeMembership(actor: TActor, membershipId: string) {
  assertAdmin(actor, "admin.teams");
  await db.$transaction(async (tx) => {
    const m = await tx.membership.findUnique({ where: { id: membershipId }, select: { id: true, role: true, teamId: true, userId: true, user: { select: { email: true } } } });
    if (!m) throw notFound("Membership");
    await tx.membership.delete({ where: { id: m.id } });
    await appendAuditEvent(tx, { actor, teamId: m.teamId, action: "membership.removed", subjectType: "user", subjectId: m.userId, before: { role: m.role, email: m.user.email } });
  });
}
