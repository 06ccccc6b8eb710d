import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { canAdmin } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";

// A user revokes their own tokens; an admin may revoke anyone's. Revoking twice is a no-op.
export async function revokeApiToken(actor: TActor, tokenId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id: tokenId }, select: { id: true, userId: true, teamId: true, prefix: true, revokedAt: true } });
    if (!token || (token.userId !== actor.userId && !canAdmin(actor, "admin.users"))) throw notFound("Token");
    if (token.revokedAt) return;
    const revokedAt = new Date();
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt } });
    await appendAuditEvent(tx, { actor, teamId: token.teamId, action: "token.revoked", subjectType: "api_token", subjectId: token.id, before: { revokedAt: null }, after: { revokedAt, prefix: token.prefix } });
  });
}
