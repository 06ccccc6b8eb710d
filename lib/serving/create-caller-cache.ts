import type { TActor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { verifyInternalAuth } from "@/lib/serving/internal-auth";
import { hashToken } from "@/lib/tokens/token-format";
import { resolveToken } from "@/lib/tokens/resolve-token";

/** Who calls serve: an API token, or a signed-in user through the web process's internal header. */
export type TCaller = {
  kind: "token" | "internal";
  actor: TActor;
  tokenId: string | null;
  /** Whose requests share one rate-limit window. */
  rateSubject: string;
  ratePerSecond: number;
};

export type TCallerCache = {
  /** Throws 401 when neither header vouches for a caller, 503 when the database cannot be asked. */
  authenticate(headers: { authorization?: string; internal?: string }): Promise<TCaller>;
  size(): number;
};

type TCached = { until: number; caller: TCaller | null } | { until: number; pending: Promise<TCaller | null> };

/**
 * Token and user lookups cost PostgreSQL round trips; serve keeps each answer (a negative one too)
 * for `ttlMs`, so the hot path reads memory. The price: a revoked token, or a user who lost access,
 * keeps working on each replica for at most `ttlMs` (and never past the token's own expiry).
 * Concurrent first lookups of one token share one query. The map is bounded; the oldest entries go.
 */
export function createCallerCache(opts: { ttlMs: number; maxEntries?: number }): TCallerCache {
  const maxEntries = opts.maxEntries ?? 10_000;
  const cache = new Map<string, TCached>();

  // A hit answers without a promise of its own; `load` runs only on a miss.
  function lookup<A>(key: string, load: (arg: A) => Promise<{ caller: TCaller; expiresAt: Date | null } | null>, arg: A): TCaller | null | Promise<TCaller | null> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return "pending" in hit ? hit.pending : hit.caller;
    const pending = load(arg).then(
      (found) => {
        const until = Math.min(Date.now() + opts.ttlMs, found?.expiresAt?.getTime() ?? Infinity);
        cache.set(key, { until, caller: found?.caller ?? null });
        return found?.caller ?? null;
      },
      (err: unknown) => {
        cache.delete(key);
        throw new AppError("unavailable", "Could not check the credentials right now; retry", { cause: err, retryAfterSeconds: 1 });
      },
    );
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(key, { until: now + Math.max(opts.ttlMs, 1_000), pending });
    return pending;
  }

  return {
    async authenticate({ authorization, internal }) {
      if (authorization) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        if (!match) throw new AppError("unauthenticated", "Malformed Authorization header: expected 'Bearer <api token>'");
        const token = match[1];
        const found = lookup(`t:${hashToken(token)}`, loadTokenCaller, token);
        const caller = found instanceof Promise ? await found : found;
        if (!caller) throw new AppError("unauthenticated", "The API token is invalid, expired or revoked");
        return caller;
      }
      if (internal) {
        const userId = verifyInternalAuth(internal);
        if (!userId) throw new AppError("unauthenticated", "The internal authorization header is invalid or stale");
        const found = lookup(`u:${userId}`, loadUserCaller, userId);
        const caller = found instanceof Promise ? await found : found;
        if (!caller) throw new AppError("unauthenticated", "The user is disabled or no longer exists");
        return caller;
      }
      throw new AppError("unauthenticated", "Send 'Authorization: Bearer <api token>' with a token that has the predict scope");
    },
    size: () => cache.size,
  };
}

async function loadTokenCaller(token: string): Promise<{ caller: TCaller; expiresAt: Date | null } | null> {
  const found = await resolveToken(token);
  if (!found) return null;
  return {
    expiresAt: found.expiresAt,
    caller: {
      kind: "token", actor: found.actor, tokenId: found.actor.tokenId, rateSubject: `token:${found.actor.tokenId}`,
      ratePerSecond: found.rateLimitPerSecond ?? env.SERVE_RATE_LIMIT_PER_SECOND,
    },
  };
}

async function loadUserCaller(userId: string): Promise<{ caller: TCaller; expiresAt: Date | null } | null> {
  const actor = await loadUserActor(userId, null);
  return actor ? { expiresAt: null, caller: { kind: "internal", actor, tokenId: null, rateSubject: `user:${userId}`, ratePerSecond: env.SERVE_RATE_LIMIT_PER_SECOND } } : null;
}
