import type { Redis } from "ioredis";
import { logger } from "@/lib/logger";
import { redisKey } from "@/lib/queue/redis";

export type TRateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: number };
export type TRateLimiter = { take(subject: string, perSecond: number): Promise<TRateDecision> };

// INCRBY and the key's expiry in one script: one round trip, and a counter can never be left without
// an expiry by a client that dies between two commands.
const SCRIPT = `local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if n == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n`;
const WARN_EVERY_MS = 10_000;
const ALLOWED: TRateDecision = { allowed: true };
const ALLOWED_NOW = Promise.resolve(ALLOWED);

type TWindow = { second: number; permits: number; exhausted: boolean; fetching: Promise<void> | null };

/**
 * Requests per second per subject (an API token, or a user calling through the web), shared by every
 * serve replica through Redis: one counter per subject and one-second window
 * (`<prefix>:serve:rate:<subject>:<unix second>`, expiring after 2 s), so the limit holds whatever
 * the number of replicas.
 *
 * A replica does not ask Redis for every request: it takes permits from the window's counter in
 * slices (INCRBY of 1% of the limit, at most 500) and spends them locally; a request costs at most
 * one round trip, and almost always none. Redis never grants more than the limit, so the limit is
 * never exceeded; permits a replica took and did not spend are lost when the second ends, so a
 * token at its limit spread over N replicas may be refused up to N slices early. Fixed windows
 * also let a burst reach twice the limit across a second's boundary. When Redis cannot answer,
 * requests are let through (and a warning logged): the limit protects capacity, and refusing all
 * traffic would not.
 */
export function createRateLimiter(redis: Redis): TRateLimiter {
  // defineCommand sends EVALSHA (the script body only when Redis has not cached it yet).
  redis.defineCommand("modelgateRateTake", { numberOfKeys: 1, lua: SCRIPT });
  const incrBy = (key: string, n: number) => (redis as unknown as { modelgateRateTake(key: string, n: number, ttlMs: number): Promise<number> }).modelgateRateTake(key, n, 2_000);
  const windows = new Map<string, TWindow>();
  let lastWarning = 0;
  let lastSweep = 0;

  async function refill(subject: string, w: TWindow, perSecond: number): Promise<void> {
    const slice = Math.max(1, Math.min(500, Math.floor(perSecond / 100)));
    try {
      const total = await incrBy(redisKey("serve", "rate", subject, String(w.second)), slice);
      const granted = Math.max(0, Math.min(slice, perSecond - (total - slice)));
      w.permits += granted;
      if (granted < slice) w.exhausted = true;
    } catch (err) {
      const now = Date.now();
      if (now - lastWarning > WARN_EVERY_MS) {
        lastWarning = now;
        logger.warn("rate limit not checked: Redis did not answer; letting requests through", { err });
      }
      w.permits += slice;
    }
  }

  function take(subject: string, perSecond: number): Promise<TRateDecision> {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    let w = windows.get(subject);
    if (!w || w.second !== second) {
      w = { second, permits: 0, exhausted: false, fetching: null };
      windows.set(subject, w);
      if (now - lastSweep > 5_000) sweep(second);
    }
    if (w.permits > 0) {
      w.permits--;
      return ALLOWED_NOW;
    }
    if (w.exhausted) return Promise.resolve({ allowed: false, retryAfterSeconds: 1, limit: perSecond });
    // Concurrent requests that find no permit wait for one refill, then try again.
    const current = w;
    current.fetching ??= refill(subject, current, perSecond).finally(() => (current.fetching = null));
    return current.fetching.then(() => take(subject, perSecond));
  }

  function sweep(second: number) {
    lastSweep = Date.now();
    for (const [subject, w] of windows) if (w.second < second - 1) windows.delete(subject);
  }

  return { take };
}
