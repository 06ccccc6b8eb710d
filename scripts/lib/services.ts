import { checkRedisEvictionPolicy as checkPolicy } from "../../lib/queue/redis-policy";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, stopEmbeddedPostgres } from "./embedded-postgres";
import { describeUrl, ensureDatabase, withDatabase } from "./pg-admin";
import { intFromEnv, isAlive, noop, redisPing, ServiceError, sleep, tail, tcpAnswers, type TLog } from "./probes";

// PostgreSQL and Redis for `npm start` and `npm test` on one machine, in this order of preference:
// what the environment names (DATABASE_URL / REDIS_URL), what already answers on the usual local
// port, and finally a server this process starts itself (embedded PostgreSQL from the npm package,
// redis-server from PATH). Scripts read process.env directly: they run before the app's environment
// exists and produce it (lib/env.ts is for the app).
//
// Knobs, for tests of this file only (not part of the app's environment):
//   MODELGATE_PG_PROBE_HOST / MODELGATE_PG_PROBE_PORT   where to look for a running PostgreSQL (127.0.0.1:5432)
//   MODELGATE_EMBEDDED_PG_PORT                          first port tried for embedded PostgreSQL (54329)
//   MODELGATE_REDIS_PROBE_PORT                          where to look for / start Redis on 127.0.0.1 (6379)

export { ServiceError, type TLog } from "./probes";

/** What a caller must stop later, in a form that can be written to disk and read back. */
export type TStartedService = { kind: "postgres"; dataDir: string } | { kind: "redis"; pid: number };

export type TServiceHandle = {
  url: string;
  /** Set when this process started the server; stop() then shuts it down. */
  started: TStartedService | null;
  /** The redis-server child, to notice when it dies (only when started here). */
  child?: ChildProcess;
  stop(): Promise<void>;
};

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

export type TPostgresOptions = {
  /** Base directory for local state: embedded PostgreSQL lives in <dataDir>/pg. */
  dataDir: string;
  /** Database to use (and create). Replaces the database of DATABASE_URL when given. */
  databaseName?: string;
  log?: TLog;
};

export async function ensurePostgres(options: TPostgresOptions): Promise<TServiceHandle> {
  const log = options.log ?? console.log;
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    const url = options.databaseName ? withDatabase(fromEnv, options.databaseName) : fromEnv;
    const { host, port, database } = describeUrl(url);
    const created = await ensureDatabase(url);
    log(`postgres: using ${host}:${port} from DATABASE_URL (database ${database}${created ? ", created" : ""})`);
    return { url, started: null, stop: noop };
  }

  const database = options.databaseName ?? "modelgate";
  const host = process.env.MODELGATE_PG_PROBE_HOST || "127.0.0.1";
  const port = intFromEnv("MODELGATE_PG_PROBE_PORT", 5432);
  if (await tcpAnswers(host, port)) {
    const url = `postgresql://postgres@${host}:${port}/${encodeURIComponent(database)}`;
    const created = await ensureDatabase(url);
    log(`postgres: using ${host}:${port} (database ${database}${created ? ", created" : ""})`);
    return { url, started: null, stop: noop };
  }

  log(`postgres: nothing answers on ${host}:${port}; using embedded PostgreSQL`);
  const dataDir = path.resolve(options.dataDir);
  const embedded = await startEmbeddedPostgres(dataDir, database, log);
  if (!embedded.started) return { url: embedded.url, started: null, stop: noop };
  const record: TStartedService = { kind: "postgres", dataDir };
  return { url: embedded.url, started: record, stop: () => stopStartedService(record) };
}

// ---------------------------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------------------------

export type TRedisOptions = {
  /** Base directory for local state: a Redis started here keeps its data in <dataDir>/redis. */
  dataDir: string;
  log?: TLog;
};

function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export async function ensureRedis(options: TRedisOptions): Promise<TServiceHandle> {
  const log = options.log ?? console.log;
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) {
    const u = new URL(fromEnv);
    const host = u.hostname || "127.0.0.1";
    const port = Number(u.port || 6379);
    if (u.protocol === "redis:" && !u.password && (await redisPing(host, port)) === null) {
      throw new ServiceError(`redis: cannot reach ${host}:${port} from REDIS_URL. Start Redis there or change REDIS_URL.`);
    }
    log(`redis: using ${host}:${port} from REDIS_URL`);
    return { url: fromEnv, started: null, stop: noop };
  }

  const port = intFromEnv("MODELGATE_REDIS_PROBE_PORT", 6379);
  const reply = await redisPing("127.0.0.1", port);
  if (reply === "+PONG") {
    log(`redis: using 127.0.0.1:${port}`);
    return { url: `redis://127.0.0.1:${port}`, started: null, stop: noop };
  }
  if (reply?.startsWith("-")) {
    throw new ServiceError(
      `redis: 127.0.0.1:${port} answered "${reply.slice(1, 120)}" to PING. If it needs a password, set REDIS_URL=redis://:PASSWORD@127.0.0.1:${port}.`,
    );
  }
  if (reply !== null || (await tcpAnswers("127.0.0.1", port))) {
    throw new ServiceError(`redis: something that is not Redis listens on 127.0.0.1:${port}. Free the port or set REDIS_URL.`);
  }

  const bin = findOnPath("redis-server");
  if (!bin) {
    throw new ServiceError(
      `redis: nothing answers on 127.0.0.1:${port} and redis-server is not installed. Install it (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_URL.`,
    );
  }
  return startRedis(bin, path.resolve(options.dataDir, "redis"), port, log);
}

async function startRedis(bin: string, dir: string, port: number, log: TLog): Promise<TServiceHandle> {
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, "redis.log");
  const out = fs.openSync(logFile, "a");
  const started = Date.now();
  // BullMQ needs noeviction: an evicted job key is a silently lost job.
  const args = ["--dir", dir, "--appendonly", "yes", "--maxmemory-policy", "noeviction", "--port", String(port), "--bind", "127.0.0.1", "--save", ""];
  // Its own session, like PostgreSQL: stopped by the caller after the processes that use it.
  const child = spawn(bin, args, { detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  let exited = false;
  child.once("exit", () => (exited = true));
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("spawn", resolve);
  });
  for (;;) {
    if ((await redisPing("127.0.0.1", port, 500)) === "+PONG") break;
    if (exited) throw new ServiceError(`redis: redis-server exited during start-up:\n${tail(logFile)}`);
    if (Date.now() - started > 15_000) {
      child.kill("SIGKILL");
      throw new ServiceError(`redis: redis-server did not answer PING within 15 s:\n${tail(logFile)}`);
    }
    await sleep(50);
  }
  child.unref();
  log(`redis: started redis-server on 127.0.0.1:${port} in ${Date.now() - started} ms (data in ${path.relative(process.cwd(), dir) || dir})`);
  const record: TStartedService = { kind: "redis", pid: child.pid! };
  return { url: `redis://127.0.0.1:${port}`, started: record, child, stop: () => stopStartedService(record) };
}

async function stopPid(pid: number, graceMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

/** Stops a server this module started (possibly in another process, from a saved record). */
export async function stopStartedService(record: TStartedService, log: TLog = console.log): Promise<void> {
  if (record.kind === "postgres") {
    await stopEmbeddedPostgres(record.dataDir);
    log("postgres: stopped embedded PostgreSQL");
  } else {
    // A record read back from disk may be stale and its pid reused by another program.
    const cmdline = `/proc/${record.pid}/cmdline`;
    if (fs.existsSync(cmdline) && !fs.readFileSync(cmdline, "utf8").includes("redis-server")) return;
    // SIGTERM makes Redis flush its append-only file and exit.
    await stopPid(record.pid, 10_000);
    log("redis: stopped redis-server");
  }
}

// ---------------------------------------------------------------------------------------------
// Redis settings BullMQ depends on
// ---------------------------------------------------------------------------------------------

/**
 * BullMQ requires maxmemory-policy noeviction: under memory pressure any other policy deletes job
 * keys and jobs vanish. Returns a message to refuse start-up with, or null when the policy is fine
 * (or cannot be read: managed Redis services often disable CONFIG).
 */
export async function checkRedisEvictionPolicy(url: string): Promise<string | null> {
  const { default: Redis } = await import("ioredis");
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return await checkPolicy(redis);
  } finally {
    redis.disconnect();
  }
}
