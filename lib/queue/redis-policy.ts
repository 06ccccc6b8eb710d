import type { Redis } from "ioredis";

// BullMQ keeps jobs as Redis keys: an evicting policy silently drops queued work. Managed Redis
// services often refuse CONFIG; then the policy cannot be known and is not held against them.
export async function checkRedisEvictionPolicy(client: Redis): Promise<string | null> {
  let reply: unknown;
  try {
    reply = await client.config("GET", "maxmemory-policy");
  } catch {
    return null;
  }
  const policy = Array.isArray(reply) ? String(reply[1] ?? "") : "";
  if (!policy || policy === "noeviction") return null;
  const { host, port } = client.options;
  return (
    `redis: ${host}:${port} has maxmemory-policy "${policy}", but BullMQ needs "noeviction" ` +
    `(otherwise Redis may delete queued jobs). Run: redis-cli -h ${host} -p ${port} CONFIG SET maxmemory-policy noeviction ` +
    "(and set it in redis.conf to keep it)."
  );
}
