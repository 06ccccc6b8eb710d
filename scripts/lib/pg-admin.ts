import pg from "pg";

// Administrative connections to a PostgreSQL server: creating and dropping databases, with errors
// that say which server could not be reached and what to do about it.

export class MigrateError extends Error {
  override name = "MigrateError";
}

export function describeUrl(url: string): { host: string; port: string; database: string } {
  const u = new URL(url);
  return {
    host: u.hostname || "localhost",
    port: u.port || "5432",
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN"]);

// Turns a pg connection failure into a message that says where and what to do.
export function explainConnectError(url: string, error: unknown): Error {
  const { host, port } = describeUrl(url);
  const e = error as { code?: string; message?: string };
  if (e.code && UNREACHABLE_CODES.has(e.code)) {
    return new MigrateError(
      `postgres: cannot reach ${host}:${port} (${e.code}). Start PostgreSQL (on Debian: ` +
        "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`), " +
        "or set DATABASE_URL to a reachable server. `npm start` starts an embedded PostgreSQL when nothing answers.",
    );
  }
  if (e.code === "28P01" || e.code === "28000") {
    return new MigrateError(`postgres: ${host}:${port} refused the login (${e.message}). Check the user and password in DATABASE_URL.`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // An 'error' event after connect (server shutdown) must not crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    throw explainConnectError(url, error);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// Runs `fn` on the server's maintenance database (postgres, or template1 where postgres was dropped).
export async function withMaintenanceClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  try {
    return await withClient(withDatabase(url, "postgres"), fn);
  } catch (error) {
    if ((error as { code?: string }).code === "3D000") return withClient(withDatabase(url, "template1"), fn);
    throw error;
  }
}

/** Creates the database named in `url` when it does not exist. Returns true when it created it. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { database } = describeUrl(url);
  return withMaintenanceClient(url, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      return true;
    } catch (error) {
      // Another process created it between the check and the CREATE.
      if ((error as { code?: string }).code === "42P04") return false;
      throw error;
    }
  });
}

/** Drops the database named in `url` (for tests and throwaway databases). */
export async function dropDatabase(url: string): Promise<void> {
  const { database } = describeUrl(url);
  await withMaintenanceClient(url, (client) => dropDatabaseWith(client, database));
}

export async function dropDatabaseWith(client: pg.Client, database: string): Promise<void> {
  try {
    // WITH (FORCE) (PostgreSQL 13+) ends sessions a pool may still hold open.
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  } catch (error) {
    if ((error as { code?: string }).code !== "42601") throw error;
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
  }
}
