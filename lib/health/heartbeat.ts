import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { redisKey } from "@/lib/queue/redis";

export const HEARTBEAT_INTERVAL_MS = 5_000;
const HEARTBEAT_TTL_SECONDS = 20;

// Each worker process refreshes a key with a TTL; /api/health counts the live ones.
export function startHeartbeat(client: Redis, info: { queues: string[] }): () => Promise<void> {
  const id = `${hostname()}:${process.pid}`;
  const key = redisKey("heartbeat", "worker", id);
  const beat = () =>
    client.set(key, JSON.stringify({ id, queues: info.queues, at: new Date().toISOString() }), "EX", HEARTBEAT_TTL_SECONDS).catch(() => undefined);
  void beat();
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await client.del(key).catch(() => undefined);
  };
}

export async function listHeartbeats(client: Redis): Promise<{ id: string; queues: string[]; at: string }[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", redisKey("heartbeat", "worker", "*"), "COUNT", 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await client.mget(...keys);
  return values.flatMap((v) => {
    if (!v) return [];
    try {
      return [JSON.parse(v)];
    } catch {
      return [];
    }
  });
}
