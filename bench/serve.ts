import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { makeDemoModels } from "@/lib/onnx/demo/make-demo-models";
import { runIntakeInSandbox } from "@/lib/onnx/run-sandboxed";
import { publishServingChange } from "@/lib/serving/serving-events";
import { storeBytes } from "@/lib/storage/artifact-store";
import { hashToken, displayPrefix, newTokenSecret } from "@/lib/tokens/token-format";
import { freePort } from "@/scripts/lib/free-port";
import { commandCpuMs, processCpuMs, processSystemCpuMs, startCpuMeter } from "./process-cpu";

const ROOT = path.resolve(import.meta.dirname, "..");
const CONNECTIONS = Number(process.env.BENCH_SERVE_CONNECTIONS ?? 10);
const WARMUP_MS = 2_000;
const RUN_MS = 8_000;
const ATTEMPTS = 2;
const FIXED_RATE = 1_000;
const FIXED_MS = 10_000;
// BENCH_SERVE_PIN=1: the server under test (serve, bare) on CPU 1 and the load generator on CPU 0
// (taskset), so that the two never take turns on one CPU; PostgreSQL and Redis go where Linux puts them.
const PIN = process.env.BENCH_SERVE_PIN === "1" ? { server: "1", load: "0" } : null;

// serve against the limit measured in the same run on the same model and rows: a bare node:http +
// onnxruntime server that parses the JSON, runs the session and answers the score, nothing else.
// serve does everything it does in production: token check (cached), the Redis rate limit (one round
// trip), validation, ids, response, and prediction logging at sample rate 1 with real PostgreSQL
// writes. Both run as their own processes; the load comes from this one over keep-alive sockets.
// Figures: max req/s at 10 connections (best of 2 attempts, alternated), and p50/p99 latency at a
// fixed 1,000 req/s (open loop: latency counts from when each request was due, so a stall is not
// hidden by the requests it delayed).
export async function benchServe(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-bench-serve-"));
  const children: ChildProcess[] = [];
  let fixture: TFixture | null = null;
  try {
    // Earlier runs delete their rows at the end; without autovacuum their dead tuples and index
    // entries would slow this run's inserts. A deployment's autovacuum does the same in the background.
    await db.$executeRawUnsafe("VACUUM (ANALYZE) prediction_logs");
    fixture = await setUp(dir);
    const body = JSON.stringify({ rows: [fixture.row] });
    const [servePort, barePort, loggedPort] = await Promise.all([freePort(), freePort(), freePort()]);
    if (PIN) execFileSync("taskset", ["-a", "-p", "-c", PIN.load, String(process.pid)], { stdio: "ignore" });
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: env.DATABASE_URL, REDIS_URL: env.REDIS_URL, QUEUE_PREFIX: env.QUEUE_PREFIX, DATA_DIR: env.DATA_DIR,
      NODE_ENV: "production", NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? "bench-secret-not-for-production", LOG_LEVEL: "warn",
      SERVE_PORT: String(servePort), SERVE_HOST: "127.0.0.1", SERVE_RATE_LIMIT_PER_SECOND: "100000000",
    };
    // BENCH_SERVE_CPU_PROF=<dir>: V8 CPU profiles of serve and of the bare server, written when they stop.
    const profile = process.env.BENCH_SERVE_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_SERVE_CPU_PROF)}`] : [];
    children.push(spawnChild("serve", [process.execPath, ...profile, "--import", "tsx", "serve/main.ts"], childEnv));
    // bench/bare-server.ts twice: bare (the limit), and bare plus serve's logging (the limit for a server
    // that logs every prediction the way serve does, to tell logging's cost from the rest of serve's work).
    const bareEnv = { ...childEnv, BARE_MODEL: fixture.scoringPath, BARE_INPUT: fixture.inputName, BARE_FEATURES: JSON.stringify(fixture.features) };
    children.push(spawnChild("bare", [process.execPath, ...profile, "--import", "tsx", "bench/bare-server.ts"], { ...bareEnv, BARE_PORT: String(barePort) }));
    children.push(spawnChild("bare+logging", [process.execPath, ...profile, "--import", "tsx", "bench/bare-server.ts"], { ...bareEnv, BARE_PORT: String(loggedPort), BARE_MODEL_ID: fixture.modelId, BARE_VERSION_ID: fixture.versionId }));
    await Promise.all([waitReady(servePort, "/readyz"), waitReady(barePort, "/healthz"), waitReady(loggedPort, "/healthz")]);

    const serveReq = request(servePort, `/v1/models/${fixture.teamSlug}/${fixture.modelName}/predict`, body, { authorization: `Bearer ${fixture.token}` });
    const bareReq = request(barePort, "/predict", body, {});
    const loggedReq = request(loggedPort, "/predict", body, {});
    await checkAnswer(servePort, serveReq, barePort, bareReq);
    console.log(`model: card-fraud v2 (${fixture.features.length} features, logistic, ZipMap removed at intake); 1 row per request; ${os.cpus().length} cores shared by load generator, both servers, PostgreSQL and Redis`);

    // CPU per request of every process on the path, read from /proc around each max-throughput run.
    const serveChild = children[0];
    const bareChild = children[1];
    const loggedChild = children[2];
    const probes = {
      server: () => NaN,
      postgres: () => commandCpuMs("postgres"),
      redis: () => commandCpuMs("redis-server"),
      load: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; },
    };
    const serveProbes = { ...probes, server: () => processCpuMs(serveChild.pid!), "server kernel": () => processSystemCpuMs(serveChild.pid!) };
    const bareProbes = { ...probes, server: () => processCpuMs(bareChild.pid!), "server kernel": () => processSystemCpuMs(bareChild.pid!) };
    const loggedProbes = { ...probes, server: () => processCpuMs(loggedChild.pid!), "server kernel": () => processSystemCpuMs(loggedChild.pid!) };
    await closedLoop(barePort, bareReq, CONNECTIONS, WARMUP_MS);
    await closedLoop(loggedPort, loggedReq, CONNECTIONS, WARMUP_MS);
    // Every prediction serve answers is logged, the check's and the warm-up's too.
    let serveOk = 1 + (await closedLoop(servePort, serveReq, CONNECTIONS, WARMUP_MS)).ok;
    let bare: TLoad | null = null;
    let served: TLoad | null = null;
    let bareLogged: TLoad | null = null;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const b = await closedLoop(barePort, bareReq, CONNECTIONS, RUN_MS, bareProbes);
      const s = await closedLoop(servePort, serveReq, CONNECTIONS, RUN_MS, serveProbes);
      const l = await closedLoop(loggedPort, loggedReq, CONNECTIONS, RUN_MS, loggedProbes);
      serveOk += s.ok;
      if (!bare || b.rps > bare.rps) bare = b;
      if (!served || s.rps > served.rps) served = s;
      if (!bareLogged || l.rps > bareLogged.rps) bareLogged = l;
    }
    console.log(`max throughput, ${CONNECTIONS} connections, best of ${ATTEMPTS} × ${RUN_MS / 1000} s:`);
    console.log(`  bare node:http + onnxruntime: ${fmtRps(bare!)}`);
    console.log(`  serve (auth, rate limit, validation, logging): ${fmtRps(served!)}`);
    console.log(`  bare + serve's prediction logging: ${fmtRps(bareLogged!)}`);
    console.log(`  ratio serve / bare: ${(served!.rps / bare!.rps).toFixed(2)}x (goal ≥ 0.8x); bare + logging / bare: ${(bareLogged!.rps / bare!.rps).toFixed(2)}x; serve / (bare + logging): ${(served!.rps / bareLogged!.rps).toFixed(2)}x`);

    const fixedBare = await fixedRate(barePort, bareReq, FIXED_RATE, FIXED_MS);
    const fixedServe = await fixedRate(servePort, serveReq, FIXED_RATE, FIXED_MS);
    serveOk += fixedServe.ok;
    console.log(`fixed ${FIXED_RATE.toLocaleString("en-US")} req/s for ${FIXED_MS / 1000} s (open loop):`);
    console.log(`  bare:  p50 ${fixedBare.p50.toFixed(2)} ms, p99 ${fixedBare.p99.toFixed(2)} ms (${fixedBare.ok} ok, ${fixedBare.failed} failed)`);
    console.log(`  serve: p50 ${fixedServe.p50.toFixed(2)} ms, p99 ${fixedServe.p99.toFixed(2)} ms (${fixedServe.ok} ok, ${fixedServe.failed} failed) (goal p99 ≤ 10 ms)`);

    // What logging costs: the same max-throughput run with the model's sample rate at 0.
    await db.servingConfig.create({ data: { modelId: fixture.modelId, sampleRate: 0 } });
    await publishServingChange({ modelId: fixture.modelId, reason: "serving.configured" });
    await new Promise((r) => setTimeout(r, 1_000));
    const unlogged = await closedLoop(servePort, serveReq, CONNECTIONS, RUN_MS, serveProbes);
    console.log(`for comparison, serve with logging sampled at 0: ${fmtRps(unlogged)} → ${(unlogged.rps / bare!.rps).toFixed(2)}x bare`);

    // SIGTERM flushes what serve still buffers; then every answered prediction should be a row.
    await stop(children);
    // serve logs the token that called; the bare + logging server logs none.
    const logged = await db.predictionLog.count({ where: { modelId: fixture.modelId, tokenId: { not: null } } });
    console.log(`prediction logs written by serve (sample rate 1): ${logged.toLocaleString("en-US")} rows for ${serveOk.toLocaleString("en-US")} predictions answered (${(serveOk - logged).toLocaleString("en-US")} dropped)`);
  } finally {
    await stop(children);
    if (fixture) await tearDown(fixture).catch((e: unknown) => console.error(`bench cleanup failed: ${e instanceof Error ? e.message : String(e)}`));
    await fs.rm(dir, { recursive: true, force: true });
  }
}

type TFixture = { teamId: string; teamSlug: string; userId: string; modelId: string; versionId: string; modelName: string; token: string; features: string[]; row: Record<string, number>; scoringPath: string; inputName: string };

// A team, a user, a predict token and card-fraud v2 in production, its artifacts stored and its
// signature read by the real intake sandbox. Rows are written directly (no audit events, no gates),
// so tearDown can remove every one of them.
async function setUp(dir: string): Promise<TFixture> {
  const manifest = await makeDemoModels(dir);
  const demo = manifest.models.find((m) => m.name === "card-fraud")!;
  const v = demo.versions[1];
  const artifact = path.join(dir, v.file);
  const intake = await runIntakeInSandbox({ artifactPath: artifact, declared: { features: v.metadata.features, labelClasses: v.metadata.labelClasses ?? [], positiveClass: v.metadata.positiveClass ?? null }, task: "binary" }, { timeoutMs: 60_000, memoryLimitMb: 2048 });
  if (!intake.ok) throw new Error(`intake failed in the benchmark: ${intake.reason}`);
  const original = await storeBytes(new Uint8Array(await fs.readFile(artifact)));
  const scoring = await storeBytes(intake.scorable.bytes);
  const scoringPath = path.join(dir, "scoring.onnx");
  await fs.writeFile(scoringPath, intake.scorable.bytes);
  const [header, first] = (await fs.readFile(path.join(dir, demo.datasets.evaluation), "utf8")).split("\n");
  const cols = header.split(",");
  const row = Object.fromEntries(v.metadata.features.map((f) => [f, Number(first.split(",")[cols.indexOf(f)])]));

  const slug = `bench-serve-${randomUUID().slice(0, 8)}`;
  const team = await db.team.create({ data: { slug, name: slug }, select: { id: true } });
  const user = await db.user.create({ data: { email: `${slug}@bench.invalid`, name: slug, passwordHash: "!", memberships: { create: { teamId: team.id, role: "DATA_SCIENTIST" } } }, select: { id: true } });
  const model = await db.registeredModel.create({ data: { teamId: team.id, name: "card-fraud", task: "BINARY", createdById: user.id, versionSeq: 1 }, select: { id: true } });
  const version = await db.modelVersion.create({
    select: { id: true },
    data: {
      modelId: model.id, number: 1, stage: "PRODUCTION", intakeStatus: "PASSED", uploadedById: user.id,
      artifactSha256: original.sha256, artifactSize: original.size, storageKey: original.key, scoringSha256: scoring.sha256, scoringKey: scoring.key,
      signature: intake.signature as unknown as Prisma.InputJsonValue,
      featureSchema: { ...intake.featureSchema, labelClasses: intake.scorable.classLabels ?? ["0", "1"], positiveClass: "1", outputs: intake.scorable.outputs } as unknown as Prisma.InputJsonValue,
      declaredFeatures: v.metadata.features, labelClasses: ["0", "1"], positiveClass: "1",
    },
  });
  const token = newTokenSecret();
  await db.apiToken.create({ data: { userId: user.id, teamId: team.id, name: "bench", prefix: displayPrefix(token), tokenHash: hashToken(token), role: "DATA_SCIENTIST", scopes: ["predict"] } });
  return {
    teamId: team.id, teamSlug: slug, userId: user.id, modelId: model.id, versionId: version.id, modelName: "card-fraud", token, features: v.metadata.features, row, scoringPath,
    inputName: intake.signature.inputs[0].name,
  };
}

async function tearDown(f: TFixture): Promise<void> {
  await db.servingConfig.deleteMany({ where: { modelId: f.modelId } });
  await db.predictionLog.deleteMany({ where: { modelId: f.modelId } });
  await db.modelVersion.deleteMany({ where: { modelId: f.modelId } });
  await db.registeredModel.delete({ where: { id: f.modelId } });
  await db.user.delete({ where: { id: f.userId } });
  await db.team.delete({ where: { id: f.teamId } });
}


function spawnChild(name: string, argv: string[], childEnv: NodeJS.ProcessEnv): ChildProcess {
  const pinned = PIN ? ["taskset", "-c", PIN.server, ...argv] : argv;
  const child = spawn(pinned[0], pinned.slice(1), { cwd: ROOT, env: childEnv, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[bench ${name}] ${d.toString()}`));
  return child;
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => {
    if (c.exitCode !== null || c.signalCode !== null) return null;
    return new Promise((resolve) => {
      const kill = setTimeout(() => c.kill("SIGKILL"), 30_000);
      c.once("exit", () => {
        clearTimeout(kill);
        resolve(null);
      });
      c.kill("SIGTERM");
    });
  }));
}


async function waitReady(port: number, pathname: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}${pathname}`)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the server on port ${port} did not become ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function checkAnswer(servePort: number, serveReq: Buffer, barePort: number, bareReq: Buffer): Promise<void> {
  const [s, b] = await Promise.all([once(servePort, serveReq), once(barePort, bareReq)]);
  const serveScore = (JSON.parse(s.body) as { predictions: { score: number }[] }).predictions?.[0]?.score;
  const bareScore = (JSON.parse(b.body) as { predictions: { score: number }[] }).predictions[0].score;
  if (s.status !== 200 || Math.abs(serveScore - bareScore) > 1e-6) throw new Error(`serve and bare disagree: ${s.status} ${s.body} vs ${b.body}`);
}

// ---- load generation over raw keep-alive sockets: a prepared request, responses framed by Content-Length.

function request(port: number, pathname: string, body: string, headers: Record<string, string>): Buffer {
  const lines = [`POST ${pathname} HTTP/1.1`, `host: 127.0.0.1:${port}`, "content-type: application/json", `content-length: ${Buffer.byteLength(body)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

type TConn = { send(onDone: (status: number, body: string) => void): void; close(): void };

function connect(port: number, req: Buffer): Promise<TConn> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    let pending: ((status: number, body: string) => void) | null = null;
    socket.on("data", (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString("latin1");
        const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.subarray(end + 4, end + 4 + length).toString("utf8");
        buffer = buffer.subarray(end + 4 + length);
        const done = pending;
        pending = null;
        done?.(Number(head.slice(9, 12)), body);
      }
    });
    // A connection the server closes (or breaks) fails its request instead of leaving it waiting.
    const fail = (message: string) => {
      const done = pending;
      pending = null;
      done?.(-1, message);
    };
    socket.on("error", (e) => {
      if (pending) fail(e.message);
      else reject(e);
    });
    socket.on("close", () => fail("connection closed"));
    socket.once("connect", () => resolve({
      send(onDone) {
        if (socket.destroyed) {
          onDone(-1, "connection closed");
          return;
        }
        pending = onDone;
        socket.write(req);
      },
      close: () => socket.destroy(),
    }));
  });
}

async function once(port: number, req: Buffer): Promise<{ status: number; body: string }> {
  const conn = await connect(port, req);
  const result = await new Promise<{ status: number; body: string }>((resolve) => conn.send((status, body) => resolve({ status, body })));
  conn.close();
  return result;
}

type TLoad = { rps: number; ok: number; failed: number; p50: number; p99: number; cpuUsPerRequest?: Record<string, number> };

function summarise(latencies: number[], ok: number, failed: number, ms: number): TLoad {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  return { rps: (ok / ms) * 1000, ok, failed, p50: at(0.5), p99: at(0.99) };
}

// Each connection sends its next request as soon as the previous answer arrives.
async function closedLoop(port: number, req: Buffer, connections: number, ms: number, probes?: Record<string, () => number>): Promise<TLoad> {
  const conns = await Promise.all(Array.from({ length: connections }, () => connect(port, req)));
  const meter = probes ? startCpuMeter(probes) : null;
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const start = performance.now();
  const end = start + ms;
  await Promise.all(conns.map((c) => new Promise<void>((resolve) => {
    const next = () => {
      const t0 = performance.now();
      c.send((status) => {
        const now = performance.now();
        latencies.push(now - t0);
        if (status === 200) ok++;
        else failed++;
        // A broken connection stops; the others carry on.
        if (now < end && status !== -1) next();
        else resolve();
      });
    };
    next();
  })));
  const elapsed = performance.now() - start;
  const cpu = meter?.stop();
  for (const c of conns) c.close();
  const load = summarise(latencies, ok, failed, elapsed);
  if (cpu) load.cpuUsPerRequest = Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [name, (ms * 1000) / (ok + failed)]));
  return load;
}

// Requests are due at a fixed rate whatever the answers do; each goes out on an idle connection
// (64 open), and its latency counts from when it was due.
async function fixedRate(port: number, req: Buffer, rate: number, ms: number): Promise<TLoad> {
  const conns = await Promise.all(Array.from({ length: 64 }, () => connect(port, req)));
  const idle = [...conns];
  const waiting: number[] = [];
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let issued = 0;
  const total = Math.round((rate * ms) / 1000);
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const fire = (c: TConn, due: number) => {
      c.send((status) => {
        latencies.push(performance.now() - due);
        if (status === 200) ok++;
        else failed++;
        const queued = waiting.shift();
        if (queued !== undefined) fire(c, queued);
        else idle.push(c);
        if (ok + failed === total) resolve();
      });
    };
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
      for (; issued < due; issued++) {
        const dueAt = start + (issued * 1000) / rate;
        const c = idle.pop();
        if (c) fire(c, dueAt);
        else waiting.push(dueAt);
      }
      if (issued < total) setTimeout(tick, 1);
    };
    tick();
  });
  for (const c of conns) c.close();
  return summarise(latencies, ok, failed, ms);
}

function fmtRps(l: TLoad): string {
  const cpu = l.cpuUsPerRequest ? `; CPU µs/request: ${Object.entries(l.cpuUsPerRequest).map(([name, us]) => `${name} ${Number.isFinite(us) ? us.toFixed(0) : "?"}`).join(", ")}` : "";
  return `${Math.round(l.rps).toLocaleString("en-US")} req/s (p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, ${l.failed} failed${cpu})`;
}
