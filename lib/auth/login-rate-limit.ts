import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { redis, redisKey } from "@/lib/queue/redis";

// Failed sign-ins are counted per account+IP and per account (from anywhere) in fixed windows. Past a
// limit the attempt is refused with 429 until the window ends: an attacker cannot lock the real user
// out for good, and a success from the user's own address clears that address's counter.
function keys(email: string, ip: string) {
  const account = email.trim().toLowerCase();
  return {
    pair: redisKey("login-fail", "pair", account, ip),
    account: redisKey("login-fail", "account", account),
  };
}

export async function assertLoginAllowed(email: string, ip: string): Promise<void> {
  const k = keys(email, ip);
  const [pair, account] = await redis().mget(k.pair, k.account);
  const over = Number(pair ?? 0) >= env.LOGIN_MAX_FAILURES || Number(account ?? 0) >= env.LOGIN_MAX_FAILURES_ACCOUNT;
  if (!over) return;
  const ttl = Math.max(await redis().ttl(Number(pair ?? 0) >= env.LOGIN_MAX_FAILURES ? k.pair : k.account), 1);
  throw new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${formatWait(ttl)}.`, { retryAfterSeconds: ttl });
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  const k = keys(email, ip);
  await redis()
    .multi()
    .incr(k.pair)
    .expire(k.pair, env.LOGIN_WINDOW_SECONDS, "NX")
    .incr(k.account)
    .expire(k.account, env.LOGIN_WINDOW_SECONDS, "NX")
    .exec();
}

export async function recordLoginSuccess(email: string, ip: string): Promise<void> {
  await redis().del(keys(email, ip).pair);
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
