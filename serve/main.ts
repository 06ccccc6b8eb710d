import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { startServe } from "@/serve/start-serve";

// `npm run start:serve`: one serve replica. Run as many as traffic needs, behind a load balancer,
// all pointing at the same PostgreSQL and Redis.
async function main() {
  // A bug that leaves a promise rejected must not take every in-flight request down with the process.
  process.on("unhandledRejection", (err) => logger.error("serve: unhandled rejection", { err }));
  let serve: Awaited<ReturnType<typeof startServe>>;
  try {
    serve = await startServe();
  } catch (err) {
    process.stderr.write(`serve: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info("serve shutting down", { signal });
    // In-flight requests finish, shadow runs end and the prediction logs are flushed first.
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await serve.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

void main();
