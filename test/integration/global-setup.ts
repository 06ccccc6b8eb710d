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
}
