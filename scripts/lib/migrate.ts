import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine as TSchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { MigrateAdapterFactory } from "./migrate-adapter";
import { describeUrl, ensureDatabase, explainConnectError, MigrateError, quoteIdent } from "./pg-admin";

// Migrations without network: the Prisma 7 CLI downloads a native schema engine at run time, which
// air-gapped machines cannot do. The same engine ships as WebAssembly (@prisma/schema-engine-wasm,
// byte-identical to prisma/build/schema_engine_bg.wasm) and talks to PostgreSQL through a driver
// adapter (./migrate-adapter). This module drives it the way Prisma's own SchemaEngineWasm wrapper
// does, and writes the standard prisma/migrations layout and `_prisma_migrations` table.

export { describeUrl, dropDatabase, ensureDatabase, MigrateError, withDatabase } from "./pg-admin";

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
// The engine's panic hook writes the Rust panic message here before trapping (the Prisma CLI
// installs the same global); without it the panic surfaces as a TypeError about set_message.
type TPanicRegistry = { message: string; set_message(message: string): void };
const panicHolder = globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY?: TPanicRegistry };
let enginePanicked = false;

function loadEngineModule(): Promise<TEngineModule> {
  panicHolder.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: "",
    set_message(message: string) {
      this.message = message;
    },
  };
  // A panicked instance is not reused: its memory may be left inconsistent.
  if (enginePanicked && openEngines === 0) {
    enginePanicked = false;
    engineModule = undefined;
  }
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

/** The Rust panic message behind a crash of the engine (it surfaces as an uncaught RuntimeError). */
export function engineCrashMessage(error: unknown): string | null {
  if (!(error instanceof WebAssembly.RuntimeError)) return null;
  return panicHolder.PRISMA_WASM_PANIC_REGISTRY?.message || error.message;
}

// A JavaScript failure inside the adapter (not a mapped database error) crosses the engine as
// { kind: "GenericJs", id }; the registry holds the original error under that id.
function engineError(url: string, registry: TErrorRegistry, error: unknown): Error {
  if (error instanceof WebAssembly.RuntimeError) {
    enginePanicked = true;
    const panic = panicHolder.PRISMA_WASM_PANIC_REGISTRY?.message;
    return new MigrateError(`the schema engine crashed: ${panic || error.message}`);
  }
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

    const diagnose = async () => {
      const diagnostic = await call(() => session.engine.devDiagnostic({ migrationsList, filters: NO_FILTER }));
      if (diagnostic.action.tag === "reset") {
        throw new MigrateError(
          `migrate dev: database ${database} does not match the migration history and would need a reset:\n${diagnostic.action.reason}\n` +
            `Drop it (e.g. psql -h ${host} -p ${port} -U postgres -c 'DROP DATABASE ${quoteIdent(database)}') and run again.`,
        );
      }
    };
    await diagnose();

    const applied: string[] = [];
    const pending = await call(() => session.engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
    applied.push(...pending.appliedMigrationNames);
    if (pending.appliedMigrationNames.length) {
      log(`migrate: applied pending migration(s): ${pending.appliedMigrationNames.join(", ")}`);
      // Only devDiagnostic may open a shadow database in the Wasm engine: it replays the migrations
      // there and caches the resulting schema, which evaluateDataLoss and createMigration then read.
      // On a database that was behind, the first call had no reason to replay, so ask again.
      await diagnose();
    }

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
