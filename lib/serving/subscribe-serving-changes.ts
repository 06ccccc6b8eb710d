import { logger } from "@/lib/logger";
import { createRedis } from "@/lib/queue/redis";
import { parseServingChange, servingChannel, type TServingChange } from "@/lib/serving/serving-events";

export type TServingSubscription = { ready: Promise<void>; close(): Promise<void> };

/**
 * Listens on the serving channel (lib/serving/serving-events.ts) on a connection of its own (a
 * subscribed connection can do nothing else). Messages published while the connection was down are
 * lost: after a reconnect `onResync` runs so the caller can compare everything with the database.
 */
export function subscribeServingChanges(onChange: (change: TServingChange) => void, onResync: () => void): TServingSubscription {
  const redis = createRedis("worker");
  let connectedOnce = false;
  redis.on("error", (err) => logger.warn("serving subscription: redis error", { err }));
  redis.on("ready", () => {
    if (connectedOnce) onResync();
    connectedOnce = true;
  });
  redis.on("message", (channel: string, message: string) => {
    if (channel !== servingChannel()) return;
    const change = parseServingChange(message);
    if (change) onChange(change);
    else logger.warn("serving subscription: ignored a malformed message", { message: message.slice(0, 200) });
  });
  const ready = redis.subscribe(servingChannel()).then(() => undefined);
  return {
    ready,
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
