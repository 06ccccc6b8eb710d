import type { TActor } from "@/lib/auth/actor";
import { resolveToken } from "@/lib/tokens/resolve-token";

// Resolves `Authorization: Bearer mg_…` to an actor limited to the token's team. Null when the token
// is unknown, revoked, expired, or its creator lost access.
export async function authenticateToken(token: string): Promise<TActor | null> {
  return (await resolveToken(token))?.actor ?? null;
}
