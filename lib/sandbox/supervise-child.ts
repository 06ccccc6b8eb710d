import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/env";

export type TSupervisedStats = {
  peakRssMb: number;
  totalMs: number;
  /** From fork to the child's first message (process start, tsx and module loading); null if none came. */
  spawnMs: number | null;
};

export type TSupervised<R> =
  | ({ kind: "result"; result: R } & TSupervisedStats)
  | ({ kind: "stopped"; reason: string } & TSupervisedStats);

export type TSuperviseOptions<M> = {
  timeoutMs: number;
  memoryLimitMb: number;
  pollMs?: number;
  /** Every message but the final result; return nothing. */
  onMessage?: (message: M) => void;
  /** Called once the child process exists, with its pid (for logs and for tests). */
  onSpawn?: (pid: number) => void;
  /** Polled with the memory check: returning a reason stops the child with that reason (cancel). */
  shouldStop?: () => string | null;
  /** What the child was doing, for the reason given when it is stopped or crashes. */
  phase?: () => string;
  /** IPC encoding: "advanced" (the default) carries typed arrays and Maps; "json" hands the parent what JSON storage would keep. */
  serialization?: "json" | "advanced";
  /** Extra Node flags for the child (e.g. BOUNDED_HEAP_FLAGS from lib/sandbox/bounded-heap.ts). */
  nodeFlags?: string[];
};

// This file sits in lib/sandbox; the repository root holds tsconfig.json (for tsx's "@/" alias).
const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Runs `entry` (a TypeScript file under the repository root) as a child process that receives
 * `input` over IPC and answers with messages, the last of type "result". The child gets no
 * configuration (no database or Redis URL, no secrets); its resident memory is sampled from /proc
 * and it is killed past `memoryLimitMb`, past `timeoutMs`, or when `shouldStop` says so. Never
 * rejects: every way the child can end is an outcome with a reason a person can read.
 */
export function superviseChild<I, M extends { type: string }, R>(entry: string, input: I, options: TSuperviseOptions<M>): Promise<TSupervised<R>> {
  return new Promise((resolve) => {
    const started = performance.now();
    let peakRssMb = 0;
    let stderr = "";
    let stoppedFor: string | null = null;
    let spawnMs: number | null = null;
    let result: R | null = null;
    let settled = false;
    const phase = () => (options.phase ? ` ${options.phase()}` : "");
    const stats = (): TSupervisedStats => ({ peakRssMb, totalMs: Math.round(performance.now() - started), spawnMs });

    let child: ChildProcess;
    try {
      child = fork(path.join(ROOT, entry), [], {
        cwd: ROOT,
        // tsx's CommonJS hook alone: `--import tsx` also registers its ESM loader, which Node 20 runs on
        // a hooks thread, and costs ~115 ms per sandbox start (200 ms against 85 ms for an empty child).
        // Sandbox code is TypeScript compiled to CommonJS and its dependencies all load with require().
        execArgv: ["--require", "tsx/cjs", ...(options.nodeFlags ?? [])],
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        serialization: options.serialization ?? "advanced",
        env: sandboxEnv(),
      });
    } catch (e) {
      resolve({ kind: "stopped", reason: `could not start the sandbox: ${e instanceof Error ? e.message : String(e)}`, ...stats() });
      return;
    }
    const pid = child.pid;
    if (pid !== undefined) listen(() => options.onSpawn?.(pid));

    const stop = (why: string) => {
      if (stoppedFor || child.exitCode !== null || child.signalCode !== null) return;
      stoppedFor = why;
      child.kill("SIGKILL");
    };
    const poll = setInterval(() => {
      const memory = readMemoryMb(child.pid);
      if (memory !== null) {
        peakRssMb = Math.max(peakRssMb, memory.peak);
        if (memory.rss > options.memoryLimitMb) stop(`the model exceeded the memory limit of ${options.memoryLimitMb} MB${phase()} and was stopped`);
      }
      const why = options.shouldStop?.();
      if (why) stop(why);
    }, options.pollMs ?? 100);
    const timer = setTimeout(() => stop(`timed out after ${formatSeconds(options.timeoutMs)}${phase()}; the sandbox was stopped`), options.timeoutMs);

    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-2000);
    });
    child.on("message", (m: M & { result?: R }) => {
      spawnMs ??= Math.round(performance.now() - started);
      if (m.type === "result") {
        result = m.result as R;
        // The child exits next: its high-water mark is final now, and /proc forgets it at exit.
        const memory = readMemoryMb(child.pid);
        if (memory) peakRssMb = Math.max(peakRssMb, memory.peak);
      }
      else listen(() => options.onMessage?.(m));
    });
    child.on("error", (e) => {
      if (child.pid === undefined) done({ kind: "stopped", reason: `could not start the sandbox: ${e.message}`, ...stats() });
    });
    // 'close' comes after the IPC channel is drained, so a result sent just before exit has arrived.
    child.on("close", (code, signal) => {
      if (result !== null) return done({ kind: "result", result, ...stats() });
      if (stoppedFor) return done({ kind: "stopped", reason: stoppedFor, ...stats() });
      if (signal) return done({ kind: "stopped", reason: `the runtime crashed (signal ${signal})${phase()}`, ...stats() });
      const tail = stderr.trim().split("\n").slice(-3).join(" | ");
      done({ kind: "stopped", reason: `the sandbox exited unexpectedly (code ${code})${phase()}${tail ? `: ${tail}` : ""}`, ...stats() });
    });
    child.send(input as never, (e) => {
      if (e) stop(`could not hand the work to the sandbox: ${e.message}`);
    });

    function done(outcome: TSupervised<R>) {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      resolve(outcome);
    }
  });
}

// A listener's error is the caller's bug, not the sandbox's: thrown from a child-process event, it would
// take the whole worker down with it.
function listen(call: () => void): void {
  try {
    call();
  } catch {
    // Deliberately dropped, as above.
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

// The child gets no configuration at all: database and Redis URLs, auth secrets and tokens stay in
// the parent. Node and tsx need only a home and a temporary directory (tsx caches compiled files).
export function sandboxEnv(): NodeJS.ProcessEnv {
  return { NODE_ENV: env.NODE_ENV, HOME: os.homedir(), TMPDIR: os.tmpdir() };
}

/**
 * The child's resident memory now (VmRSS) and its high-water mark (VmHWM, the most it ever held:
 * exact, where sampling VmRSS would miss a peak between two polls), in MB; null once it is gone.
 */
export function readMemoryMb(pid: number | undefined): { rss: number; peak: number } | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    const peak = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    if (!rss) return null;
    return { rss: Math.round(Number(rss[1]) / 1024), peak: Math.round(Number((peak ?? rss)[1]) / 1024) };
  } catch {
    return null;
  }
}
