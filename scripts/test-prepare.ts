// Called by scripts/test.sh before vitest:
//   tsx scripts/test-prepare.ts         services (database modelgate_test), Prisma client, migrations,
//                                       web build; writes .test-data/services.json
//   tsx scripts/test-prepare.ts --stop  stops the services the previous call started itself
// services.json: { databaseUrl, redisUrl, started: [...] }; the vitest globalSetups read the URLs.
import fs from "node:fs";
import path from "node:path";
import { engineCrashMessage, migrateDeploy } from "./lib/migrate";
import { ensureNextBuild } from "./lib/next-build";
import { checkRedisEvictionPolicy, ensurePostgres, ensureRedis, stopStartedService, type TStartedService } from "./lib/services";
import { ensurePrismaClient } from "./prisma-generate";

const ROOT = path.resolve(__dirname, "..");
// The same local state as `npm start`: an embedded cluster is initialised once and shared; the
// tests use their own database in it.
const DATA_DIR = path.join(ROOT, ".data");
const STATE_FILE = path.join(ROOT, ".test-data", "services.json");
const TEST_DATABASE = "modelgate_test";

type TState = { databaseUrl: string | null; redisUrl: string | null; started: TStartedService[] };

function writeState(state: TState) {
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
}

function readState(): TState | null {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, "utf8")) as TState;
  } catch {
    return null;
  }
}

async function prepare() {
  const started = Date.now();
  // Written first and after every start, so that `--stop` (test.sh's exit trap) can stop what was
  // started even when a later step fails.
  const state: TState = { databaseUrl: null, redisUrl: null, started: [] };
  writeState(state);

  const pg = await ensurePostgres({ dataDir: DATA_DIR, databaseName: TEST_DATABASE });
  state.databaseUrl = pg.url;
  if (pg.started) state.started.push(pg.started);
  writeState(state);

  const redis = await ensureRedis({ dataDir: DATA_DIR });
  state.redisUrl = redis.url;
  if (redis.started) state.started.push(redis.started);
  writeState(state);

  const policyProblem = await checkRedisEvictionPolicy(redis.url);
  if (policyProblem) throw new Error(policyProblem);

  await ensurePrismaClient();
  await migrateDeploy(pg.url);
  await ensureNextBuild();
  console.log(`test-prepare: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function stop() {
  const state = readState();
  if (!state || state.started.length === 0) return;
  // Reverse order: Redis before PostgreSQL, as `npm start` does.
  for (const service of [...state.started].reverse()) {
    await stopStartedService(service).catch((error: Error) => console.error(`test-prepare: ${error.message}`));
  }
  writeState({ ...state, started: [] });
}

process.on("uncaughtException", (error) => {
  const crash = engineCrashMessage(error);
  console.error(`test-prepare: ${crash ? `the schema engine crashed: ${crash}` : (error.stack ?? String(error))}`);
  process.exit(1);
});

// Every path ends in process.exit(); an empty event loop means a step's promise can never settle,
// which must not pass for success.
process.on("beforeExit", () => {
  console.error("test-prepare: stopped unexpectedly: a step never finished");
  process.exit(1);
});

(process.argv.includes("--stop") ? stop() : prepare()).then(
  () => process.exit(0),
  (error: Error) => {
    const expected = ["Error", "ServiceError", "MigrateError"].includes(error.name);
    console.error(`test-prepare: ${expected ? error.message : (error.stack ?? error.message)}`);
    process.exit(1);
  },
);
