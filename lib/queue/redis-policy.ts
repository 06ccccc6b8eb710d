import type { Redis } from "ioredis";

// BullMQ keeps jobs as Redis keys: an evicting policy silently drops queued work.
export async function checkRedisEvictionPolicy(client: Redis): Promise<string | null> {
  const reply = (await client.config("GET", "maxmemory-policy")) as string[];
  const policy = reply?.[1];
  if (!policy || policy === "noeviction") return null;
  return `Redis maxmemory-policy is '${policy}'; Modelgate's queues need 'noeviction' (an evicting policy silently loses jobs). ` +
    `Set it with: redis-cli CONFIG SET maxmemory-policy noeviction (and in redis.conf).`;
}
