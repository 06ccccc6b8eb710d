import { db } from "@/lib/db";
import { loadUserActor } from "@/lib/auth/load-actor";
import type { TActor } from "@/lib/auth/actor";
import { hashToken, TOKEN_PREFIX } from "@/lib/tokens/token-format";

// Resolves `Authorization: Bearer mg_…` to an actor limited to the token's team. Null when the token
// is unknown, revoked, expired, or its creator lost access.
export async function authenticateToken(token: string): Promise<TActor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, teamId: true, prefix: true, role: true, scopes: true, revokedAt: true, expiresAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
  const user = await loadUserActor(row.userId, null);
  if (!user) return null;
  const membership = user.memberships.find((m) => m.teamId === row.teamId);
  if (!membership) return null;
  // lastUsedAt is informational; write it at most once a minute to keep reads cheap.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { ...user, isAdmin: false, memberships: [membership], tokenId: row.id, tokenPrefix: row.prefix, tokenRole: row.role, tokenScopes: row.scopes };
}
