// npm run db:generate [--force]: `prisma generate`, skipped when lib/generated/prisma was made from
// the same schema and Prisma version (hash in lib/generated/.schema-hash).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { collectEntries, digestEntries, isUpToDate, readStoredHash, writeStoredHash } from "./lib/hash";

const ROOT = path.resolve(__dirname, "..");
const OUTPUT_DIR = path.join(ROOT, "lib", "generated", "prisma");
const HASH_FILE = path.join(ROOT, "lib", "generated", ".schema-hash");

function packageVersion(name: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "missing";
  }
}

export function prismaClientHash(): string {
  const inputs = collectEntries(ROOT, ["prisma/schema.prisma", "prisma.config.ts"]);
  return digestEntries(inputs, [`prisma@${packageVersion("prisma")}`, `@prisma/client@${packageVersion("@prisma/client")}`]);
}

function runGenerate(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "prisma", "build", "index.js"), "generate"], {
      cwd: ROOT,
      env: {
        ...process.env,
        // generate never runs the schema engine, but the CLI would download one (no network here);
        // the stub makes anything that does call it fail with a pointer to npm run db:migrate.
        PRISMA_SCHEMA_ENGINE_BINARY: path.join(ROOT, "scripts", "bin", "no-schema-engine.sh"),
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`prisma generate failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

/** Generates the Prisma client unless it is already up to date. Returns true when it generated. */
export async function ensurePrismaClient(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  const log = options.log ?? ((line: string) => console.log(line));
  const current = prismaClientHash();
  if (!options.force && isUpToDate({ stored: readStoredHash(HASH_FILE), current, outputExists: fs.existsSync(path.join(OUTPUT_DIR, "client.ts")) })) {
    log("prisma: client up to date (lib/generated/prisma)");
    return false;
  }
  const started = Date.now();
  await runGenerate();
  writeStoredHash(HASH_FILE, current);
  log(`prisma: generated client in lib/generated/prisma (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return true;
}

if (typeof require !== "undefined" && require.main === module) {
  ensurePrismaClient({ force: process.argv.includes("--force") }).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
