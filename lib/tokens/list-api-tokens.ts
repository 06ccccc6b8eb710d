import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";

export async function listApiTokens(actor: TActor) {
  const rows = await db.apiToken.findMany({
    where: { userId: actor.userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, role: true, scopes: true, rateLimitPerSecond: true, lastUsedAt: true, expiresAt: true, revokedAt: true, createdAt: true, team: { select: { slug: true, name: true } } },
  });
  return rows;
}
export type TApiTokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];
