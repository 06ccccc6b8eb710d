import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertAdmin } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { hashPassword, ZPasswordRule } from "@/lib/auth/password";
import { conflict, invalidInput, notFound } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db-errors";

const ZPassword = z.string().min(ZPasswordRule.min, `password must be at least ${ZPasswordRule.min} characters`).max(ZPasswordRule.max);

export const ZCreateUser = z.object({
  email: z.string().trim().toLowerCase().email("email is not a valid address").max(320),
  name: z.string().trim().min(1, "name is required").max(120),
  password: ZPassword,
  isAdmin: z.boolean().default(false),
});

export async function listUsers(actor: TActor) {
  assertAdmin(actor, "admin.users");
  return db.user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, isAdmin: true, disabledAt: true, createdAt: true, memberships: { select: { role: true, team: { select: { slug: true, name: true } } } } },
  });
}

export async function createUser(actor: TActor, raw: unknown) {
  assertAdmin(actor, "admin.users");
  const input = ZCreateUser.parse(raw);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash, isAdmin: input.isAdmin }, select: { id: true, email: true } });
      await appendAuditEvent(tx, { actor, teamId: null, action: "user.created", subjectType: "user", subjectId: user.id, after: { email: input.email, name: input.name, isAdmin: input.isAdmin } });
      return user;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A user with email ${input.email} already exists`);
    throw e;
  }
}

// Disabling bumps the session version, so the user's open sessions end with their next request.
export async function setUserDisabled(actor: TActor, userId: string, disabled: boolean) {
  assertAdmin(actor, "admin.users");
  if (userId === actor.userId && disabled) throw invalidInput("You cannot disable your own account");
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, disabledAt: true, email: true } });
    if (!user) throw notFound("User");
    if (Boolean(user.disabledAt) === disabled) return;
    const disabledAt = disabled ? new Date() : null;
    await tx.user.update({ where: { id: userId }, data: { disabledAt, sessionVersion: { increment: 1 } } });
    await appendAuditEvent(tx, { actor, teamId: null, action: disabled ? "user.disabled" : "user.enabled", subjectType: "user", subjectId: userId, before: { disabledAt: user.disabledAt }, after: { disabledAt } });
  });
}

export async function resetUserPassword(actor: TActor, userId: string, password: unknown) {
  assertAdmin(actor, "admin.users");
  const value = ZPassword.parse(password);
  const passwordHash = await hashPassword(value);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw notFound("User");
    await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    // The password itself never enters the log.
    await appendAuditEvent(tx, { actor, teamId: null, action: "user.password_reset", subjectType: "user", subjectId: userId });
  });
}
