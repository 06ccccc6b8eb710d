import http from "node:http";
import type { AddressInfo } from "node:net";
import IORedis from "ioredis";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createCallerCache } from "@/lib/serving/create-caller-cache";
import { createModelRegistry } from "@/lib/serving/create-model-registry";
import { createPredictionLogSink } from "@/lib/serving/create-prediction-log-sink";
import { createPredictionLogWriter, type TPredictionLogStats } from "@/lib/serving/create-prediction-log-writer";
import { createPredictionService } from "@/lib/serving/create-prediction-service";
import { createRateLimiter } from "@/lib/serving/create-rate-limiter";
import { subscribeServingChanges } from "@/lib/serving/subscribe-serving-changes";
import { createPredictHandler } from "@/serve/handle-predict";
import { sendError, sendJson } from "@/serve/http";
import { matchRoute } from "@/serve/router";

export type TServeOptions = {
  /** 0: any free port (tests). Default SERVE_PORT. */
  port?: number;
  host?: string;
  refreshMs?: number;
  authCacheMs?: number;
  logFlushMs?: number;
  /** Draws for canary routing and log sampling (tests make them deterministic). */
  random?: () => number;
  /** How long close() waits for in-flight requests before cutting connections. */
  drainTimeoutMs?: number;
};

export type TServe = {
  url: string;
  port: number;
  /** Graceful: stop accepting, finish in-flight requests and shadow runs, flush logs, close Redis. The database client is the caller's. */
  close(): Promise<void>;
  /** Waits for shadow scoring in progress, then writes the prediction logs buffered so far. */
  flushLogs(): Promise<void>;
  /** Runs the refresh timer's check now. */
  refresh(): Promise<void>;
  stats(): { inflight: number; logs: TPredictionLogStats; models: number; sessions: number };
};

const READY_CHECK_MS = 1_000;

/**
 * The online prediction server (DESIGN.md "serve"): plain node:http, one replica of many behind a load
 * balancer, all of them sharing PostgreSQL (versions, tokens, logs) and Redis (rate limits, stage
 * changes). See README "Online prediction (serve)".
 */
export async function startServe(opts: TServeOptions = {}): Promise<TServe> {
  const registry = createModelRegistry();
  const sink = createPredictionLogSink();
  const logs = createPredictionLogWriter({ insert: (chunks) => sink.insert(chunks), flushMs: opts.logFlushMs ?? 500, maxBuffered: env.SERVE_LOG_BUFFER_ROWS });
  const service = createPredictionService({ registry, logs, maxRows: env.SERVE_MAX_ROWS, random: opts.random });
  const callers = createCallerCache({ ttlMs: opts.authCacheMs ?? env.SERVE_AUTH_CACHE_SECONDS * 1000 });
  // Fails fast instead of queueing while Redis is away: the rate limit then lets requests through.
  // Auto-pipelining sends the rate-limit scripts of concurrent requests in one write: still one round
  // trip per request, far fewer syscalls under load.
  const redis = new IORedis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 3_000, enableAutoPipelining: true });
  redis.on("error", (err) => logger.warn("serve: redis error", { err }));
  const limiter = createRateLimiter(redis);
  const predict = createPredictHandler({ callers, limiter, service, maxBodyBytes: env.SERVE_MAX_BODY_BYTES });

  const subscription = subscribeServingChanges(
    (change) => void registry.refresh(change.modelId).catch(() => undefined),
    () => void registry.refreshAll().catch((err: unknown) => logger.warn("serve: refresh after reconnect failed", { err })),
  );
  await Promise.race([Promise.all([subscription.ready, redisReady(redis)]), delay(5_000)]).catch((err: unknown) => logger.warn("serve: redis not ready at start", { err }));
  const timer = setInterval(() => {
    registry.refreshAll().catch((err: unknown) => logger.warn("serve: refresh failed; next tick retries", { err }));
  }, opts.refreshMs ?? env.SERVE_REFRESH_SECONDS * 1000);
  timer.unref();

  let inflight = 0;
  let draining = false;
  let drained: (() => void) | null = null;
  // One listener shared by every response rather than a closure per request.
  function onResponseClose() {
    inflight--;
    if (draining && inflight === 0) drained?.();
  }
  const server = http.createServer((req, res) => {
    inflight++;
    res.on("close", onResponseClose);
    if (draining) res.setHeader("connection", "close");
    const route = matchRoute(req.method ?? "GET", req.url ?? "/");
    switch (route.kind) {
      case "predict":
        void predict(req, res, route);
        return;
      case "healthz":
        sendJson(res, 200, { status: "ok" });
        return;
      case "readyz":
        void readiness().then(({ ok, checks }) => sendJson(res, ok ? 200 : 503, { status: ok ? "ready" : draining ? "draining" : "not ready", checks }));
        return;
      case "bad_request":
        sendError(res, new AppError("invalid_input", `Invalid input: ${route.path}: ${route.message}`, { details: [{ path: route.path, message: route.message }] }));
        return;
      case "method_not_allowed":
        sendJson(res, 405, { error: { code: "method_not_allowed", message: `${req.method} is not allowed here; use ${route.allow}` } }, { allow: route.allow });
        return;
      default:
        sendJson(res, 404, { error: { code: "not_found", message: `No route ${req.method} ${(req.url ?? "").split("?")[0]}; predictions are POST /v1/models/{team}/{model}/predict` } });
    }
  });
  // Longer than the usual load-balancer idle timeout (60 s), so the balancer closes idle connections first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  async function readiness(): Promise<{ ok: boolean; checks: Record<string, string> }> {
    if (draining) return { ok: false, checks: { serve: "shutting down" } };
    const database = await Promise.race([db.$queryRaw`SELECT 1`.then(() => "ok"), delay(READY_CHECK_MS).then(() => "timeout")]).catch((e: unknown) => `error: ${e instanceof Error ? e.message : String(e)}`);
    const cache = redis.status === "ready" ? "ok" : redis.status;
    return { ok: database === "ok" && cache === "ok", checks: { database, redis: cache } };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? env.SERVE_PORT, opts.host ?? env.SERVE_HOST, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  logger.info("serve listening", { url, maxRows: env.SERVE_MAX_ROWS, maxBodyBytes: env.SERVE_MAX_BODY_BYTES });

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    draining = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inflight > 0) {
      await Promise.race([new Promise<void>((resolve) => (drained = resolve)), delay(opts.drainTimeoutMs ?? 25_000)]);
    }
    server.closeAllConnections();
    await stopped;
    clearInterval(timer);
    await subscription.close();
    await service.drain();
    await logs.close();
    await sink.close();
    await registry.close();
    await redis.quit().catch(() => redis.disconnect());
    const s = logs.stats();
    logger.info("serve stopped", { logsWritten: s.written, logsDropped: s.dropped });
  }

  return {
    url,
    port: address.port,
    close: () => (closing ??= close()),
    flushLogs: async () => {
      await service.drain();
      await logs.flush();
    },
    refresh: () => registry.refreshAll(),
    stats: () => {
      const { models, sessions } = registry.stats();
      return { inflight, logs: logs.stats(), models, sessions };
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function redisReady(redis: IORedis): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve) => redis.once("ready", () => resolve()));
}
