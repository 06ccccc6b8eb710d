import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import { membershipOf, type TActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { displayPrefix, hashToken, newTokenSecret } from "@/lib/tokens/token-format";

export const ZCreateApiToken = z.object({
  team: z.string().min(1, "team is required").max(100),
  name: z.string().trim().min(1, "name is required").max(80, "name must be at most 80 characters"),
  expiresInDays: z.number().int().min(1).max(365).optional(),
});
export type TCreateApiToken = z.infer<typeof ZCreateApiToken>;

// The token is returned once; only its hash is kept. It acts with the creator's role in that team.
export async function createApiToken(actor: TActor, input: TCreateApiToken) {
  if (actor.tokenId) throw new AppError("forbidden", "An API token cannot create other tokens; sign in to create one");
  const team = actor.memberships.find((m) => m.teamId === input.team || m.teamSlug === input.team);
  if (!team) throw new AppError("not_found", "Team not found");
  assertCan(actor, "token.create", team.teamId, "Team");
  const role = membershipOf(actor, team.teamId)!.role;
  const secret = newTokenSecret();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const token = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { userId: actor.userId, teamId: team.teamId, name: input.name, prefix: displayPrefix(secret), tokenHash: hashToken(secret), role, expiresAt },
      select: { id: true, name: true, prefix: true, role: true, scopes: true, expiresAt: true, createdAt: true },
    });
    await appendAuditEvent(tx, { actor, teamId: team.teamId, action: "token.created", subjectType: "api_token", subjectId: row.id, after: { name: row.name, prefix: row.prefix, role, scopes: row.scopes, expiresAt } });
    return row;
  });
  return { ...token, team: { id: team.teamId, slug: team.teamSlug }, token: secret };
}
