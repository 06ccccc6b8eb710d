import IORedis, { type Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/env";

// Workers need maxRetriesPerRequest: null (BullMQ blocks on Redis); producers in the web process
// should fail fast instead of hanging a request when Redis is down.
export function createRedis(kind: "worker" | "producer", url: string = env.REDIS_URL): Redis {
  const options: RedisOptions =
    kind === "worker"
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 3_000 };
  return new IORedis(url, options);
}

const globalForRedis = globalThis as unknown as { modelgateRedis?: Redis };

// The shared producer connection of this process (web, seed, tests).
export function redis(): Redis {
  if (!globalForRedis.modelgateRedis) {
    const client = createRedis("producer");
    client.on("error", () => {
      // Connection errors surface on the commands that fail; the listener keeps ioredis from
      // printing an unhandled error event on every reconnect attempt.
    });
    globalForRedis.modelgateRedis = client;
  }
  return globalForRedis.modelgateRedis;
}

export function redisKey(...parts: string[]): string {
  return [env.QUEUE_PREFIX, ...parts].join(":");
}
