import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine as TSchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

// Migrations without network: the Prisma 7 CLI downloads a native schema engine at run time, which
// air-gapped machines cannot do. The same engine ships as WebAssembly (@prisma/schema-engine-wasm,
// byte-identical to prisma/build/schema_engine_bg.wasm) and talks to PostgreSQL through a driver
// adapter. This module drives it the way Prisma's own SchemaEngineWasm wrapper does, and writes the
// standard prisma/migrations layout and `_prisma_migrations` table.

export const ROOT_DIR = path.resolve(__dirname, "..", "..");
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/modelgate"; // = lib/env.ts default

const DEFAULT_SCHEMA = path.join(ROOT_DIR, "prisma", "schema.prisma");
const DEFAULT_MIGRATIONS_DIR = path.join(ROOT_DIR, "prisma", "migrations");
const LOCKFILE = "migration_lock.toml";
const NO_FILTER = { externalTables: [] as string[], externalEnums: [] as string[] };

export type TMigrateOptions = {
  schemaPath?: string;
  migrationsDir?: string;
  log?: (line: string) => void;
  // Print the engine's own log lines.
  verbose?: boolean;
};

export class MigrateError extends Error {
  override name = "MigrateError";
}

// ---------------------------------------------------------------------------------------------
// Database URL helpers and database creation
// ---------------------------------------------------------------------------------------------

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
async function withMaintenanceClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
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

async function dropDatabaseWith(client: pg.Client, database: string): Promise<void> {
  try {
    // WITH (FORCE) (PostgreSQL 13+) ends sessions a pool may still hold open.
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  } catch (error) {
    if ((error as { code?: string }).code !== "42601") throw error;
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Driver adapter for the schema engine
// ---------------------------------------------------------------------------------------------

// OID of PostgreSQL's internal one-byte "char" type (pg_class.relkind, pg_constraint.contype, …).
// The engine's introspection queries return it, and adapter-pg 7.10 rejects it as an unsupported
// column type. Its text form is a one-character string, so reporting it as text (OID 25) is exact.
const INTERNAL_CHAR_OID = 18;
const TEXT_OID = 25;

type TFieldResult = { fields?: { dataTypeID: number }[] };

function retypeInternalChar<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as TFieldResult[];
  for (const r of results) {
    for (const field of r?.fields ?? []) {
      if (field.dataTypeID === INTERNAL_CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

class IntrospectionSafeClient extends pg.Client {
  override query(...args: any[]): any {
    const query = super.query as (...a: any[]) => any;
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error | null, res: unknown) => last(err, err ? res : retypeInternalChar(res));
      return query.apply(this, args);
    }
    const out = query.apply(this, args);
    return out && typeof out.then === "function" ? out.then(retypeInternalChar) : out;
  }
}

type TAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

// Three adapter-pg 7.10 rough edges are handled here (see also IntrospectionSafeClient and track()).
// adapter-pg's own connectToShadowDb drops the shadow database while its pool still holds a
// connection ("is being accessed by other users") and names it prisma_migrate_shadow_db_<uuid>.
// This one closes the pool first, names the database <db>_shadow_<random>, and remembers what it
// created so a failed run still cleans up.
class MigrateAdapterFactory extends PrismaPg {
  private readonly adapters: { dispose: () => Promise<void> }[] = [];
  readonly shadowDatabases = new Set<string>();

  constructor(private readonly url: string) {
    super({ connectionString: url, Client: IntrospectionSafeClient, max: 4 });
  }

  override async connect(): Promise<TAdapter> {
    return this.track(await super.connect());
  }

  override async connectToShadowDb(): Promise<TAdapter> {
    const { database } = describeUrl(this.url);
    const shadow = `${database}_shadow_${randomBytes(4).toString("hex")}`;
    await withMaintenanceClient(this.url, (client) => client.query(`CREATE DATABASE ${quoteIdent(shadow)}`));
    this.shadowDatabases.add(shadow);
    const adapter = this.track(await new PrismaPg({ connectionString: withDatabase(this.url, shadow), Client: IntrospectionSafeClient, max: 4 }).connect());
    const closePool = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await closePool();
      await this.dropShadow(shadow);
    };
    return adapter;
  }

  async dropShadow(name: string): Promise<void> {
    if (!this.shadowDatabases.delete(name)) return;
    await withMaintenanceClient(this.url, (client) => dropDatabaseWith(client, name));
  }

  /** Closes every pool the engine opened and drops shadow databases it left behind. */
  async closeAll(): Promise<void> {
    for (const adapter of this.adapters.splice(0)) await adapter.dispose().catch(() => {});
    for (const name of [...this.shadowDatabases]) await this.dropShadow(name).catch(() => {});
  }

  private track(adapter: TAdapter): TAdapter {
    // adapter-pg 7.10 runs a script by splitting it on ";", which breaks any migration with a
    // function body ($$ … ; … $$) or a ";" in a comment or string. PostgreSQL runs a multi-statement
    // simple query as one implicit transaction, which is what the native engine relies on too.
    const mapError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        mapError(error);
      }
    };
    // Idempotent dispose: the engine may dispose an adapter, and closeAll disposes the rest.
    const dispose = adapter.dispose.bind(adapter);
    let done: Promise<void> | undefined;
    adapter.dispose = () => (done ??= dispose());
    this.adapters.push(adapter);
    return adapter;
  }
}

// ---------------------------------------------------------------------------------------------
// The WebAssembly engine
// ---------------------------------------------------------------------------------------------

type TEngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

// The engine arms timers it never clears (timeouts raced against queries). Left alone they keep a
// finished process alive for about a minute and fire into freed closures, so they are tracked and
// cleared once no engine is open.
const engineTimers = new Set<NodeJS.Timeout>();
let openEngines = 0;

function trackedSetTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    engineTimers.delete(timer);
    fn();
  }, ms >>> 0);
  engineTimers.add(timer);
  return timer;
}

let engineModule: Promise<TEngineModule> | undefined;

// wasm-bindgen keeps module-level state, so the module is instantiated once per process (Prisma's
// loader does the same); each SchemaEngine.new() then gets its own engine and adapter.
function loadEngineModule(): Promise<TEngineModule> {
  engineModule ??= (async () => {
    const runtime: TEngineModule = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(path.join(ROOT_DIR, "package.json"));
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const wasmModule = new WebAssembly.Module(await fs.readFile(wasmPath));
    const imports: Record<string, unknown> = { ...runtime };
    for (const key of Object.keys(imports)) {
      if (key.startsWith("__wbg_setTimeout_")) imports[key] = trackedSetTimeout;
    }
    const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": imports as WebAssembly.ModuleImports });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return runtime;
  })();
  return engineModule;
}

type TErrorRegistry = ReturnType<typeof bindMigrationAwareSqlAdapterFactory>["errorRegistry"];

type TSession = {
  engine: TSchemaEngine;
  factory: MigrateAdapterFactory;
  registry: TErrorRegistry;
  schema: { files: { path: string; content: string }[] };
  migrationsDir: string;
  log: (line: string) => void;
};

async function openSession(url: string, options: TMigrateOptions): Promise<TSession> {
  const log = options.log ?? ((line: string) => console.log(line));
  const schemaPath = options.schemaPath ?? DEFAULT_SCHEMA;
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const content = await fs.readFile(schemaPath, "utf8");
  const relPath = path.relative(ROOT_DIR, schemaPath) || schemaPath;
  const runtime = await loadEngineModule();
  const factory = new MigrateAdapterFactory(url);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const onEngineLog = (line: string) => {
    if (options.verbose) log(`migrate: engine: ${line}`);
  };
  try {
    const engine = await runtime.SchemaEngine.new({ datamodels: [[relPath, content]] }, onEngineLog, bound);
    openEngines += 1;
    return { engine, factory, registry: bound.errorRegistry, schema: { files: [{ path: relPath, content }] }, migrationsDir, log };
  } catch (error) {
    await factory.closeAll();
    throw engineError(url, bound.errorRegistry, error);
  }
}

async function closeSession(session: TSession): Promise<void> {
  session.engine.free();
  await session.factory.closeAll();
  openEngines -= 1;
  if (openEngines === 0) {
    for (const timer of engineTimers) clearTimeout(timer);
    engineTimers.clear();
  }
}

// A JavaScript failure inside the adapter (not a mapped database error) crosses the engine as
// { kind: "GenericJs", id }; the registry holds the original error under that id.
function engineError(url: string, registry: TErrorRegistry, error: unknown): Error {
  const e = error as { id?: unknown; cause?: { id?: unknown }; message?: string; code?: string };
  const id = typeof e?.id === "number" ? e.id : typeof e?.cause?.id === "number" ? e.cause.id : undefined;
  const original = id === undefined ? error : (registry.consumeError(id)?.error ?? error);
  if (original instanceof Error) return explainConnectError(url, original);
  const o = original as { message?: string; code?: string };
  return new MigrateError(o?.message ? `${o.code ? `${o.code}: ` : ""}${o.message}` : JSON.stringify(original));
}

async function run<T>(url: string, session: TSession, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw engineError(url, session.registry, error);
  }
}

// ---------------------------------------------------------------------------------------------
// Migration directory I/O (same layout and ordering as the Prisma CLI)
// ---------------------------------------------------------------------------------------------

async function readMigrationsList(migrationsDir: string) {
  const lockContent = await fs.readFile(path.join(migrationsDir, LOCKFILE), "utf8").catch(() => null);
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const content = await fs
      .readFile(path.join(migrationsDir, entry.name, "migration.sql"), "utf8")
      .then((value) => ({ tag: "ok" as const, value }))
      .catch((e: Error) => ({ tag: "error" as const, value: e.message }));
    migrationDirectories.push({ path: entry.name, migrationFile: { path: "migration.sql", content } });
  }
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

async function writeMigration(migrationsDir: string, name: string, extension: string, script: string, connectorType: string) {
  const dir = path.join(migrationsDir, name);
  await fs.mkdir(migrationsDir, { recursive: true });
  await fs.mkdir(dir); // fails if it exists: never overwrite a migration
  await fs.writeFile(path.join(dir, `migration.${extension}`), script, "utf8");
  await fs.writeFile(
    path.join(migrationsDir, LOCKFILE),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${connectorType}"\n`,
    "utf8",
  );
  return dir;
}

/** Turns a free-form name into the snake_case part of a migration directory name. */
export function migrationSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

export type TDeployResult = { applied: string[]; total: number };

/** `migrate deploy`: creates the database if missing and applies pending migrations. Idempotent. */
export async function migrateDeploy(url: string, options: TMigrateOptions = {}): Promise<TDeployResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { host, port, database } = describeUrl(url);
  if (await ensureDatabase(url)) log(`migrate: created database ${database} on ${host}:${port}`);
  const session = await openSession(url, options);
  try {
    const migrationsList = await readMigrationsList(session.migrationsDir);
    const total = migrationsList.migrationDirectories.length;
    if (total === 0) log(`migrate: no migrations in ${path.relative(ROOT_DIR, session.migrationsDir)}`);
    const { appliedMigrationNames } = await run(url, session, () =>
      session.engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
    );
    if (appliedMigrationNames.length > 0) {
      log(`migrate: applied ${appliedMigrationNames.length} migration(s) to ${database}: ${appliedMigrationNames.join(", ")}`);
    } else if (total > 0) {
      log(`migrate: no pending migrations (${database} has all ${total})`);
    }
    return { applied: appliedMigrationNames, total };
  } finally {
    await closeSession(session);
  }
}

export type TDevResult = { created: string | null; applied: string[] };

/**
 * `migrate dev <name>`: applies pending migrations, then creates a migration from the difference
 * between the migrations (replayed on a shadow database) and prisma/schema.prisma, and applies it.
 * Refuses destructive steps unless `acceptDataLoss`.
 */
export async function migrateDev(
  url: string,
  name: string,
  options: TMigrateOptions & { acceptDataLoss?: boolean } = {},
): Promise<TDevResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const slug = migrationSlug(name);
  if (!slug) throw new MigrateError("migrate dev: give the migration a name, e.g. `npm run db:migrate:dev add_datasets`");
  const { host, port, database } = describeUrl(url);
  if (await ensureDatabase(url)) log(`migrate: created database ${database} on ${host}:${port}`);
  const session = await openSession(url, options);
  try {
    const call = <T>(fn: () => Promise<T>) => run(url, session, fn);
    let migrationsList = await readMigrationsList(session.migrationsDir);

    const diagnostic = await call(() => session.engine.devDiagnostic({ migrationsList, filters: NO_FILTER }));
    if (diagnostic.action.tag === "reset") {
      throw new MigrateError(
        `migrate dev: database ${database} does not match the migration history and would need a reset:\n${diagnostic.action.reason}\n` +
          `Drop it (e.g. psql -h ${host} -p ${port} -U postgres -c 'DROP DATABASE ${quoteIdent(database)}') and run again.`,
      );
    }

    const applied: string[] = [];
    const pending = await call(() => session.engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
    applied.push(...pending.appliedMigrationNames);
    if (pending.appliedMigrationNames.length) log(`migrate: applied pending migration(s): ${pending.appliedMigrationNames.join(", ")}`);

    const loss = await call(() => session.engine.evaluateDataLoss({ migrationsList, schema: session.schema, filters: NO_FILTER }));
    if (loss.unexecutableSteps.length > 0) {
      throw new MigrateError(`migrate dev: the change cannot be applied as is:\n${loss.unexecutableSteps.map((s) => `  - ${s.message}`).join("\n")}`);
    }
    if (loss.warnings.length > 0 && !options.acceptDataLoss) {
      throw new MigrateError(
        `migrate dev: the change may lose data:\n${loss.warnings.map((s) => `  - ${s.message}`).join("\n")}\nRun again with --accept-data-loss to create and apply it.`,
      );
    }
    if (loss.migrationSteps === 0) {
      log(`migrate: already in sync, no schema change (database ${database}); no migration created`);
      return { created: null, applied };
    }

    const created = await call(() =>
      session.engine.createMigration({ migrationName: slug, draft: false, migrationsList, schema: session.schema, filters: NO_FILTER }),
    );
    if (created.migrationScript === null) {
      log(`migrate: already in sync, no schema change (database ${database}); no migration created`);
      return { created: null, applied };
    }
    const dir = await writeMigration(session.migrationsDir, created.generatedMigrationName, created.extension, created.migrationScript, created.connectorType);
    log(`migrate: created ${path.relative(ROOT_DIR, dir)}/migration.${created.extension}`);

    migrationsList = await readMigrationsList(session.migrationsDir);
    const after = await call(() => session.engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
    applied.push(...after.appliedMigrationNames);
    log(`migrate: applied ${after.appliedMigrationNames.join(", ") || "nothing"} to ${database}; database is in sync with the schema`);
    return { created: created.generatedMigrationName, applied };
  } finally {
    await closeSession(session);
  }
}
