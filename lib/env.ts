import path from "node:path";
import { z } from "zod";
import { parseAllowlist } from "@/lib/webhooks/address-policy";

// The one place that reads process.env (STYLE.md). Everything else imports `env`.
const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/modelgate"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  // Key prefix for every BullMQ queue and Redis key of this installation; tests use their own.
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default("modelgate"),
  DATA_DIR: z.string().default(path.join(process.cwd(), ".data", "store")),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  // Largest dataset CSV accepted by POST /api/v1/datasets (413 above it).
  DATASET_MAX_BYTES: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SERVE_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  // Where the web process reaches serve (the "try it" form); default: this machine's SERVE_PORT.
  SERVE_URL: z.string().url().optional(),
  // Most rows one predict request may carry (413 above), and the most bytes of its body.
  SERVE_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  SERVE_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  // Requests per second per API token on serve, unless the token sets its own (429 above).
  SERVE_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).default(2_000),
  // Interface serve listens on (replicas behind a load balancer: all of them).
  SERVE_HOST: z.string().min(1).default("0.0.0.0"),
  // Serve re-reads which versions it should serve this often, in case a pub/sub message was lost.
  SERVE_REFRESH_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  // How long serve trusts a token lookup: a revoked token stops working within this time.
  SERVE_AUTH_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(5),
  // Prediction logs waiting for the database, at most; past it new ones are dropped (and counted).
  SERVE_LOG_BUFFER_ROWS: z.coerce.number().int().min(100).default(50_000),
  // Batch scoring sandbox limits (queue `score`).
  SCORE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(6 * 60 * 60_000),
  SCORE_MEMORY_LIMIT_MB: z.coerce.number().int().min(128).default(4096),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  INTAKE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  INTAKE_MEMORY_LIMIT_MB: z.coerce.number().int().min(128).default(2048),
  EVALUATION_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60 * 60_000),
  EVALUATION_MEMORY_LIMIT_MB: z.coerce.number().int().min(128).default(4096),
  // Failed sign-ins allowed per window, per account+IP and per account from anywhere.
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_ACCOUNT: z.coerce.number().int().min(1).default(20),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Webhooks never connect to loopback, private, link-local or other non-public addresses, except
  // hostnames, addresses and CIDRs listed here (comma-separated), e.g. "hooks.internal,10.20.0.0/16".
  WEBHOOK_ALLOWED_HOSTS: z.string().default("").superRefine((value, ctx) => {
    const parsed = parseAllowlist(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
  }),
  // One deadline per delivery attempt: connect, response and (capped) body.
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type TEnv = z.infer<typeof ZEnv>;

function parseEnv(): TEnv {
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  const building = process.env.NEXT_PHASE === "phase-production-build";
  if (value.NODE_ENV === "production" && !value.NEXTAUTH_SECRET && !building) {
    throw new Error("Invalid environment:\n  NEXTAUTH_SECRET: required in production (npm start generates one in .data/secret)");
  }
  return value;
}

export const env: TEnv = parseEnv();
