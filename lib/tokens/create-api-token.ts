import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import { membershipOf, type TActor } from "@/lib/auth/actor";
import { AppError, invalidInput } from "@/lib/errors";
import { displayPrefix, hashToken, newTokenSecret } from "@/lib/tokens/token-format";

// "api": the control-plane API (/api/v1); "predict": online prediction on serve (/v1/models/…/predict).
export const ZCreateApiToken = z.object({
  team: z.string().min(1, "team is required").max(100),
  name: z.string().trim().min(1, "name is required").max(80, "name must be at most 80 characters"),
  expiresInDays: z.number().int().min(1).max(365).optional(),
  scopes: z
    .array(z.enum(["api", "predict"], { error: 'each scope is "api" (control-plane API) or "predict" (online prediction)' }))
    .min(1, "choose at least one scope")
    .default(["api"])
    .transform((s) => [...new Set(s)]),
  rateLimitPerSecond: z.number({ error: "rateLimitPerSecond must be a whole number of requests per second" }).int("rateLimitPerSecond must be a whole number").min(1, "rateLimitPerSecond must be at least 1").optional(),
});
export type TCreateApiToken = z.input<typeof ZCreateApiToken>;

// The token is returned once; only its hash is kept. It acts with the creator's role in that team.
export async function createApiToken(actor: TActor, raw: TCreateApiToken) {
  const input = ZCreateApiToken.parse(raw);
  if (actor.tokenId) throw new AppError("forbidden", "An API token cannot create other tokens; sign in to create one");
  const team = actor.memberships.find((m) => m.teamId === input.team || m.teamSlug === input.team);
  if (!team) throw new AppError("not_found", "Team not found");
  assertCan(actor, "token.create", team.teamId, "Team");
  const rateLimitPerSecond = checkRateLimit(input.rateLimitPerSecond, input.scopes);
  const role = membershipOf(actor, team.teamId)!.role;
  const secret = newTokenSecret();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const token = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { userId: actor.userId, teamId: team.teamId, name: input.name, prefix: displayPrefix(secret), tokenHash: hashToken(secret), role, scopes: input.scopes, rateLimitPerSecond, expiresAt },
      select: { id: true, name: true, prefix: true, role: true, scopes: true, rateLimitPerSecond: true, expiresAt: true, createdAt: true },
    });
    await appendAuditEvent(tx, {
      actor, teamId: team.teamId, action: "token.created", subjectType: "api_token", subjectId: row.id,
      after: { name: row.name, prefix: row.prefix, role, scopes: row.scopes, rateLimitPerSecond, expiresAt },
    });
    return row;
  });
  return { ...token, team: { id: team.teamId, slug: team.teamSlug }, token: secret };
}

// A token's own limit applies on serve only, and never above the installation's (which is also the
// default): an operator raises SERVE_RATE_LIMIT_PER_SECOND, a user cannot lift their own ceiling.
function checkRateLimit(limit: number | undefined, scopes: string[]): number | null {
  if (limit === undefined) return null;
  if (!scopes.includes("predict")) {
    throw invalidInput("rateLimitPerSecond applies to online prediction only; add the predict scope or leave it out", [{ path: "rateLimitPerSecond", message: "only for tokens with the predict scope" }]);
  }
  if (limit > env.SERVE_RATE_LIMIT_PER_SECOND) {
    const max = env.SERVE_RATE_LIMIT_PER_SECOND.toLocaleString("en-US");
    throw invalidInput(`rateLimitPerSecond must be at most ${max} (this installation's limit)`, [{ path: "rateLimitPerSecond", message: `at most ${max} requests per second` }]);
  }
  return limit;
}
