import { z } from "zod";
import { logger } from "@/lib/logger";
import { redis, redisKey } from "@/lib/queue/redis";

// Serve replicas keep one onnxruntime session per served version. Whatever changes which version
// answers for a model (a promotion, a rollback, a challenger or sampling change) is published here
// after its transaction commits; every replica reloads that model. Pub/sub is not durable, so serve
// also re-reads what it serves on a timer (serve/…): a lost message delays a swap, never loses it.

export const ZServingChange = z.object({
  modelId: z.string().min(1),
  reason: z.enum(["stage.changed", "rollback", "serving.configured"]),
});
export type TServingChange = z.infer<typeof ZServingChange>;

export function servingChannel(): string {
  return redisKey("serving-changed");
}

// Never throws: the change is committed already, and replicas catch up on their timer.
export async function publishServingChange(change: TServingChange): Promise<void> {
  try {
    await redis().publish(servingChannel(), JSON.stringify(change));
  } catch (err) {
    logger.warn("serving change not published; serve replicas pick it up on their next refresh", { ...change, err });
  }
}

export function parseServingChange(message: string): TServingChange | null {
  try {
    const parsed = ZServingChange.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
