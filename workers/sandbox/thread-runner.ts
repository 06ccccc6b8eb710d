import path from "node:path";
import { Worker } from "node:worker_threads";
import type { TFeed, TFetched, TInferenceRunner, TSessionInfo } from "@/lib/onnx/inference-runner";

// Node 20 does not pass `--import tsx` loader hooks on to worker threads, so the worker starts from
// a one-line CommonJS bootstrap that registers tsx's require hook and then loads the TypeScript entry.
const THREAD_ENTRY = path.join(__dirname, "ort-thread.ts");
const BOOTSTRAP = `require("tsx/cjs"); require(${JSON.stringify(THREAD_ENTRY)});`;

/** An inference runner whose onnxruntime calls happen on a dedicated worker thread. */
export function createThreadRunner(): TInferenceRunner {
  const worker = new Worker(BOOTSTRAP, { eval: true });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on("message", (m: { id: number; ok: boolean; value?: unknown; message?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.message));
  });
  worker.on("error", (e) => failAll(e));
  worker.on("exit", (code) => failAll(new Error(`the inference thread exited (code ${code})`)));

  const call = <T>(op: string, payload: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, ...payload });
    });

  return {
    createSession: (bytes) => call<TSessionInfo>("createSession", { bytes }),
    run: (feeds: TFeed[], fetches: string[]) => call<Record<string, TFetched>>("run", { feeds, fetches }),
    async close() {
      await call("close").catch(() => undefined);
      await worker.terminate();
    },
  };
}
