import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";

// Loads a user's current rights. Returns null for a missing or disabled user, or when the session
// version the caller presents is stale (password reset, role change, disable).
export async function loadUserActor(userId: string, sessionVersion: number | null): Promise<TActor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true, email: true, name: true, isAdmin: true, disabledAt: true, sessionVersion: true,
      memberships: { select: { role: true, team: { select: { id: true, slug: true, name: true } } }, orderBy: { team: { name: "asc" } } },
    },
  });
  if (!user || user.disabledAt) return null;
  if (sessionVersion !== null && user.sessionVersion !== sessionVersion) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    memberships: user.memberships.map((m) => ({ teamId: m.team.id, teamSlug: m.team.slug, teamName: m.team.name, role: m.role })),
    tokenId: null,
    tokenPrefix: null,
    tokenRole: null,
    tokenScopes: [],
  };
}
