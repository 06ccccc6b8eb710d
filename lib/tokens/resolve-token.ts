import { db } from "@/lib/db";
import { loadUserActor } from "@/lib/auth/load-actor";
import type { TActor } from "@/lib/auth/actor";
import { hashToken, TOKEN_PREFIX } from "@/lib/tokens/token-format";

export type TResolvedToken = {
  actor: TActor;
  /** Requests per second on serve; null: the installation's default (SERVE_RATE_LIMIT_PER_SECOND). */
  rateLimitPerSecond: number | null;
  /** When the token stops working by itself (callers that cache the lookup must not outlive it). */
  expiresAt: Date | null;
};

// Resolves `mg_…` to an actor limited to the token's team, with what serve needs besides. Null when
// the token is unknown, revoked, expired, or its creator lost access.
export async function resolveToken(token: string): Promise<TResolvedToken | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, teamId: true, prefix: true, role: true, scopes: true, rateLimitPerSecond: true, revokedAt: true, expiresAt: true, lastUsedAt: true },
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
  return {
    actor: { ...user, isAdmin: false, memberships: [membership], tokenId: row.id, tokenPrefix: row.prefix, tokenRole: row.role, tokenScopes: row.scopes },
    rateLimitPerSecond: row.rateLimitPerSecond,
    expiresAt: row.expiresAt,
  };
}
