import fs from "node:fs";
import path from "node:path";
import { collectEntries, digestEntries, isUpToDate, readStoredHash, writeStoredHash } from "./hash";
import { runPrefixed } from "./processes";

const ROOT = path.resolve(__dirname, "..", "..");
const HASH_FILE = path.join(ROOT, ".next", ".modelgate-build-hash");

// Everything `next build` compiles. lib/generated is output of prisma generate: its input,
// prisma/schema.prisma, stands in for it. Optional root files (proxy.ts, …) count when present.
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.js",
  "package.json",
  "postcss.config.mjs",
  "tsconfig.json",
  "prisma/schema.prisma",
  "proxy.ts",
  "middleware.ts",
  "instrumentation.ts",
];
export const BUILD_EXCLUDES = ["lib/generated"];

export function nextBuildHash(root = ROOT): string {
  return digestEntries(collectEntries(root, BUILD_INPUTS, BUILD_EXCLUDES));
}

/** Runs `next build` unless .next was built from the same sources. Returns true when it built. */
export async function ensureNextBuild(options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {}): Promise<boolean> {
  const log = options.log ?? ((line: string) => console.log(line));
  const current = nextBuildHash();
  if (isUpToDate({ stored: readStoredHash(HASH_FILE), current, outputExists: fs.existsSync(path.join(ROOT, ".next", "BUILD_ID")) })) {
    log("web: build up to date (.next)");
    return false;
  }
  log("web: sources changed since the last build; running next build");
  const started = Date.now();
  const code = await runPrefixed("build", path.join(ROOT, "node_modules", ".bin", "next"), ["build"], {
    cwd: ROOT,
    env: { ...(options.env ?? process.env), NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (code !== 0) throw new Error(`web: next build failed (exit ${code}); see the [build] lines above`);
  writeStoredHash(HASH_FILE, current);
  log(`web: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
