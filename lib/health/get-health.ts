import { db } from "@/lib/db";
import { listHeartbeats } from "@/lib/health/heartbeat";
import { redis } from "@/lib/queue/redis";

type TProbe = { ok: boolean; latencyMs?: number; error?: string };
export type THealth = {
  status: "ok" | "degraded" | "down";
  database: TProbe;
  redis: TProbe;
  workers: { ok: boolean; count: number; lastSeen: string | null; queues: string[] };
  time: string;
};

async function probe(fn: () => Promise<unknown>, timeoutMs = 2_000): Promise<TProbe> {
  const start = performance.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))]);
    return { ok: true, latencyMs: Math.round((performance.now() - start) * 10) / 10 };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export async function getHealth(): Promise<THealth> {
  const [database, redisProbe] = await Promise.all([probe(() => db.$queryRaw`SELECT 1`), probe(() => redis().ping())]);
  let beats: Awaited<ReturnType<typeof listHeartbeats>> = [];
  if (redisProbe.ok) beats = await listHeartbeats(redis()).catch(() => []);
  const lastSeen = beats.map((b) => b.at).sort().at(-1) ?? null;
  const workers = { ok: beats.length > 0, count: beats.length, lastSeen, queues: [...new Set(beats.flatMap((b) => b.queues))].sort() };
  const status = !database.ok || !redisProbe.ok ? "down" : workers.ok ? "ok" : "degraded";
  return { status, database, redis: redisProbe, workers, time: new Date().toISOString() };
}
