import fs from "node:fs/promises";
import path from "node:path";
import IORedis from "ioredis";
import { ensureDatabase, migrateDeploy } from "@/scripts/lib/migrate";

// Integration tests run on a real PostgreSQL database of their own, migrated once per run. Tests
// create their own rows with unique names and never reset the database.
export default async function setup() {
  const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_test";
  const database = new URL(url).pathname.slice(1);
  if (!database.endsWith("_test")) {
    throw new Error(`Refusing to run integration tests on database '${database}': its name must end in _test`);
  }
  await ensureDatabase(url);
  await migrateDeploy(url, { log: () => undefined });

  // Teardown: this run's Redis keys and artifact directory (named in vitest.config.ts).
  return async () => {
    const run = process.env.MODELGATE_TEST_RUN;
    if (!run) return;
    const redis = new IORedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `mgtest-${run}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
    await redis.quit();
    await fs.rm(path.resolve(__dirname, "..", "..", ".test-data", `store-${run}`), { recursive: true, force: true });
  };
}
