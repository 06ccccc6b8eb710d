import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import IORedis from "ioredis";
import type { TestProject } from "vitest/node";
import { freePort } from "@/scripts/lib/free-port";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serveUrl: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "..", "..");


function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: false });
  const prefix = (s: Buffer) => s.toString().split("\n").filter(Boolean).map((l) => `[e2e ${name}] ${l}`).join("\n") + "\n";
  // Only warnings and errors reach the test output; the rest would drown it.
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(prefix(d)));
  child.stdout?.on("data", (d: Buffer) => {
    if (process.env.E2E_VERBOSE) process.stdout.write(prefix(d));
  });
  return child;
}

// Browser tests run against the real thing: `next start` (the production build made by
// scripts/test.sh), a real worker process, PostgreSQL `modelgate_test` and Redis with a prefix of
// this run's own.
export default async function setup(project: TestProject) {
  const run = process.env.MODELGATE_TEST_RUN!;
  const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_test";
  // The database was created and migrated by scripts/test-prepare.ts and the integration project's
  // setup; a second WebAssembly schema engine in this process at the same time is not safe.
  try {
    await fs.access(path.join(ROOT, ".next", "BUILD_ID"));
  } catch {
    throw new Error("No production build: run `npm test` (it builds), or `npx next build` first");
  }
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const dataDir = path.join(ROOT, ".test-data", `e2e-${run}`);
  const prefix = `mge2e-${run}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: prefix,
    DATA_DIR: dataDir,
    NEXTAUTH_SECRET: "modelgate-e2e-secret-not-for-production",
    NEXTAUTH_URL: baseUrl,
    PORT: String(port),
    UPLOAD_MAX_BYTES: String(4 * 1024 * 1024),
    LOG_LEVEL: "warn",
    // test/e2e/webhooks.test.ts runs a receiver on this machine's loopback address.
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
  };
  // serve (the prediction server) on a port of its own; the web process's "Try it" proxy calls it.
  const servePort = await freePort();
  const serveUrl = `http://127.0.0.1:${servePort}`;
  env.SERVE_URL = serveUrl;
  const children = [
    start("web", path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], env),
    start("workers", process.execPath, ["--import", "tsx", "workers/main.ts"], env),
    start("serve", process.execPath, ["--import", "tsx", "serve/main.ts"], { ...env, SERVE_PORT: String(servePort), SERVE_HOST: "127.0.0.1" }),
  ];
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      const health = (await res.json()) as { status: string };
      if (health.status === "ok" && (await fetch(`${serveUrl}/readyz`)).ok) break;
    } catch {
      // not up yet
    }
    if (children.some((c) => c.exitCode !== null)) throw new Error("e2e: web, workers or serve exited during start-up (see the output above)");
    if (Date.now() > deadline) throw new Error("e2e: the app did not become healthy within 90 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide("baseUrl", baseUrl);
  project.provide("serveUrl", serveUrl);

  return async () => {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => { c.once("exit", r); setTimeout(() => { c.kill("SIGKILL"); r(null); }, 10_000); }))));
    const redis = new IORedis(env.REDIS_URL!);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
    await redis.quit();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
