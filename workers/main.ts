import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { startWorkers } from "@/workers/start-workers";

// `npm run start:workers`: run as many of these, on as many machines, as the queues need.
async function main() {
  let workers: Awaited<ReturnType<typeof startWorkers>>;
  try {
    workers = await startWorkers();
  } catch (err) {
    process.stderr.write(`workers: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info("workers shutting down", { signal });
    // In-flight jobs finish (or their sandboxes are stopped) before close() resolves.
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await workers.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

void main();
