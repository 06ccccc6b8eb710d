import type { Prisma } from "@/lib/generated/prisma/client";

type TTx = Prisma.TransactionClient;
export type TNotice = { kind: string; title: string; body?: string; href?: string };

/** Puts a notice in each user's inbox, inside the caller's transaction (it lands with the change). */
export async function notifyUsers(tx: TTx, userIds: string[], notice: TNotice): Promise<void> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return;
  await tx.notification.createMany({ data: unique.map((userId) => ({ userId, kind: notice.kind, title: notice.title, body: notice.body ?? "", href: notice.href ?? null })) });
}

/** The team's approvers who can act: enabled users with the APPROVER role. */
export async function approversOf(tx: TTx, teamId: string): Promise<string[]> {
  const rows = await tx.membership.findMany({ where: { teamId, role: "APPROVER", user: { disabledAt: null } }, select: { userId: true } });
  return rows.map((r) => r.userId);
}
