import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

// Tests never touch the demo database: without DATABASE_URL they use `modelgate_test`. Each run gets
// its own Redis key prefix and artifact directory, so runs and other processes on the machine never
// see each other's queues or files.
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
// Read by the global setups (which run in this process) to clean up after the run.
process.env.MODELGATE_TEST_RUN = run;
const testEnv = {
  NODE_ENV: "test",
  DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_test",
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  QUEUE_PREFIX: `mgtest-${run}`,
  DATA_DIR: path.resolve(import.meta.dirname, ".test-data", `store-${run}`),
  NEXTAUTH_SECRET: "modelgate-test-secret-not-for-production",
  LOG_LEVEL: "warn",
  // Small enough that the over-the-cap test sends only a few MB.
  UPLOAD_MAX_BYTES: String(4 * 1024 * 1024),
  DATASET_MAX_BYTES: String(2 * 1024 * 1024),
  INTAKE_MEMORY_LIMIT_MB: "600",
  INTAKE_TIMEOUT_MS: "20000",
};

// Three projects, run in order by scripts/test.sh: unit (no I/O), integration (real PostgreSQL
// database `modelgate_test` + real Redis with a per-test queue prefix), e2e (real Chromium against a
// real `next start`, workers and services).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/integration/global-setup.ts"],
          env: testEnv,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          env: { ...testEnv, QUEUE_PREFIX: `mge2e-${run}`, DATA_DIR: path.resolve(import.meta.dirname, ".test-data", `e2e-${run}`) },
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
