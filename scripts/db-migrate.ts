// npm run db:migrate            → tsx scripts/db-migrate.ts deploy
// npm run db:migrate:dev <name> → tsx scripts/db-migrate.ts dev <name>
// Options: --url <postgresql://…> (default: DATABASE_URL, else the lib/env.ts default),
//          --accept-data-loss (dev: allow destructive steps), --verbose (engine log lines).
import { DEFAULT_DATABASE_URL, describeUrl, engineCrashMessage, MigrateError, migrateDeploy, migrateDev } from "./lib/migrate";

const USAGE = `usage: tsx scripts/db-migrate.ts deploy [--url <url>]
       tsx scripts/db-migrate.ts dev <name> [--url <url>] [--accept-data-loss]`;

type TArgs = { command?: string; name?: string; url?: string; acceptDataLoss: boolean; verbose: boolean };

function parseArgs(argv: string[]): TArgs {
  const args: TArgs = { acceptDataLoss: false, verbose: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--url") args.url = argv[++i];
    else if (a.startsWith("--url=")) args.url = a.slice("--url=".length);
    else if (a === "--accept-data-loss") args.acceptDataLoss = true;
    else if (a === "--verbose") args.verbose = true;
    else if (a === "--name") positional[1] = argv[++i];
    else if (a === "-h" || a === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith("-")) throw new MigrateError(`unknown option ${a}\n${USAGE}`);
    else positional.push(a);
  }
  [args.command, args.name] = positional;
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // Scripts run before the app's environment is complete (they create the database it points at),
  // so they read DATABASE_URL here instead of importing lib/env.ts.
  const url = args.url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const { host, port, database } = describeUrl(url);
  const started = Date.now();
  if (args.command === "deploy") {
    console.log(`migrate: deploy to ${host}:${port} (database ${database})`);
    await migrateDeploy(url, { verbose: args.verbose });
  } else if (args.command === "dev") {
    if (!args.name) throw new MigrateError(`migrate dev: give the migration a name, e.g. npm run db:migrate:dev add_datasets\n${USAGE}`);
    console.log(`migrate: dev on ${host}:${port} (database ${database})`);
    await migrateDev(url, args.name, { acceptDataLoss: args.acceptDataLoss, verbose: args.verbose });
  } else {
    throw new MigrateError(USAGE);
  }
  console.log(`migrate: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// An engine panic is thrown from inside a wasm callback, not through the command's promise.
process.on("uncaughtException", (error) => {
  const crash = engineCrashMessage(error);
  console.error(crash ? `migrate: the schema engine crashed: ${crash}` : (error.stack ?? String(error)));
  process.exit(1);
});

// Every path ends in process.exit(); an empty event loop means a step's promise can never settle,
// which must not pass for success.
process.on("beforeExit", () => {
  console.error("migrate: stopped unexpectedly: a step never finished");
  process.exit(1);
});

main().then(
  () => process.exit(0),
  (error: Error) => {
    const plain = ["MigrateError", "SchemaConnectorError"].includes(error.name);
    // Messages from lib/migrate already name their subject ("postgres: …", "migrate dev: …").
    const message = /^[\w -]+: |^usage: /.test(error.message) ? error.message : `migrate: ${error.message}`;
    console.error(plain ? message : (error.stack ?? String(error)));
    process.exit(1);
  },
);
