// `npm start` (via scripts/start.sh): everything Modelgate needs on one machine. Services first
// (PostgreSQL, Redis: used if running, started here if not), then the Prisma client, migrations, the
// web build when sources changed, the demo seed on an empty database, and finally web + workers
// (+ serve) as child processes. Ctrl-C or SIGTERM stops them all, then the services started here.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { engineCrashMessage, migrateDeploy } from "./lib/migrate";
import { ensureNextBuild } from "./lib/next-build";
import { hasExited, liveChildren, runPrefixed, spawnPrefixed, stopChildren } from "./lib/processes";
import { checkRedisEvictionPolicy, ensurePostgres, ensureRedis, type TServiceHandle } from "./lib/services";
import { ensurePrismaClient } from "./prisma-generate";

const ROOT = path.resolve(__dirname, "..");
const DATA_DIR = path.join(ROOT, ".data");
const SECRET_FILE = path.join(DATA_DIR, "secret");
const LOGINS_FILE = path.join(DATA_DIR, "demo-logins.txt");
const BIN = path.join(ROOT, "node_modules", ".bin");
const CHILD_GRACE_MS = 10_000;
const HEALTH_TIMEOUT_MS = 120_000;

const say = (line: string) => console.log(`[start] ${line}`);

const services: TServiceHandle[] = [];
const apps = new Map<string, ChildProcess>();
let shuttingDown = false;

async function shutdown(code: number, reason?: string): Promise<never> {
  if (shuttingDown) return new Promise<never>(() => {});
  shuttingDown = true;
  if (reason) say(reason);
  const children = [...liveChildren];
  if (children.length) say(`stopping ${[...apps.keys()].join(", ") || "child processes"}…`);
  await stopChildren(children, CHILD_GRACE_MS);
  // Services last, in reverse order of start: the apps above may still have been using them.
  for (const service of services.reverse()) {
    await service.stop().catch((error: Error) => console.error(`[start] ${error.message}`));
  }
  say(code === 0 ? "stopped" : "stopped after an error");
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals) {
  if (shuttingDown) {
    // A second Ctrl-C: do not wait for graceful exits.
    for (const child of liveChildren) child.kill("SIGKILL");
    return;
  }
  void shutdown(0, `${signal} received`);
}

function requireFile(rel: string, what: string) {
  if (!fs.existsSync(path.join(ROOT, rel))) {
    throw new Error(`${rel} is missing (${what}); this checkout is incomplete.`);
  }
}

function readOrCreateSecret(): string {
  try {
    const secret = fs.readFileSync(SECRET_FILE, "utf8").trim();
    if (secret.length >= 32) return secret;
  } catch {
    // first start
  }
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  say("generated NEXTAUTH_SECRET in .data/secret");
  return secret;
}

function httpAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

function startApp(name: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawnPrefixed(name, command, args, { cwd: ROOT, env });
  apps.set(name, child);
  child.once("exit", (code, signal) => {
    if (!shuttingDown) void shutdown(1, `${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
  });
}

async function main() {
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("uncaughtException", (error) => {
    const crash = engineCrashMessage(error);
    console.error(`[start] ${crash ? `the schema engine crashed: ${crash}` : (error.stack ?? String(error))}`);
    void shutdown(1);
  });
  say(`Modelgate, Node ${process.versions.node}, in ${ROOT}`);

  requireFile("workers/main.ts", "the BullMQ workers entry point");
  requireFile("prisma/seed.ts", "the demo seed");

  services.push(await ensurePostgres({ dataDir: DATA_DIR }));
  const [pg] = services;
  const redis = await ensureRedis({ dataDir: DATA_DIR });
  services.push(redis);
  redis.child?.once("exit", (code, signal) => {
    if (!shuttingDown) void shutdown(1, `redis-server exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
  });
  const policyProblem = await checkRedisEvictionPolicy(redis.url);
  if (policyProblem) throw new Error(policyProblem);

  const port = process.env.PORT || "3000";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || "production",
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    PORT: port,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || readOrCreateSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  await ensurePrismaClient();
  await migrateDeploy(pg.url);
  await ensureNextBuild({ env });

  const seedCode = await runPrefixed("seed", path.join(BIN, "tsx"), ["prisma/seed.ts", "--if-empty"], { cwd: ROOT, env });
  if (seedCode !== 0) throw new Error(`the demo seed failed (exit ${seedCode}); see the [seed] lines above`);
  if (shuttingDown) return;

  startApp("web", path.join(BIN, "next"), ["start", "-p", port], env);
  // node --import tsx, not the tsx CLI: the CLI is a second process that does not always pass
  // SIGTERM on, which would orphan the worker when start stops.
  startApp("workers", process.execPath, ["--import", "tsx", "workers/main.ts"], env);
  if (fs.existsSync(path.join(ROOT, "serve", "main.ts"))) startApp("serve", process.execPath, ["--import", "tsx", "serve/main.ts"], env);

  const healthUrl = `http://127.0.0.1:${port}/api/health`;
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (!(await httpAnswers(healthUrl))) {
    if (shuttingDown) return;
    if (Date.now() > deadline) throw new Error(`web did not answer ${healthUrl} within ${HEALTH_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  if (shuttingDown || [...apps.values()].some(hasExited)) return;
  // First start only (the seed leaves a marker): the demo's v1s go to production through the gates
  // in the background, once the workers have run intake and evaluations.
  if (fs.existsSync(path.join(ROOT, ".data", "demo-promotions-pending"))) {
    void runPrefixed("demo", path.join(BIN, "tsx"), ["scripts/demo-promotions.ts"], { cwd: ROOT, env });
  }

  const logins = fs.existsSync(LOGINS_FILE) ? fs.readFileSync(LOGINS_FILE, "utf8").trimEnd() : null;
  const rule = "─".repeat(64);
  console.log(
    [
      "",
      rule,
      `  Modelgate is running: ${env.NEXTAUTH_URL}`,
      `  processes: ${[...apps.keys()].join(", ")}   (Ctrl-C stops everything)`,
      logins ? `  demo logins (${path.relative(ROOT, LOGINS_FILE)}):\n${logins.replace(/^/gm, "    ")}` : "  demo logins: printed by the [seed] lines above on the first start",
      rule,
      "",
    ].join("\n"),
  );
}

// Every path ends in process.exit(); an empty event loop means a step's promise can never settle,
// which must not pass for success.
process.on("beforeExit", () => {
  console.error("[start] stopped unexpectedly: a step never finished");
  process.exit(1);
});

main().catch((error: Error) => {
  const expected = ["Error", "ServiceError", "MigrateError"].includes(error.name);
  console.error(`[start] ${expected ? error.message : (error.stack ?? error.message)}`);
  void shutdown(1);
});
