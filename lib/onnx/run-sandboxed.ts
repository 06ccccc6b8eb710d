import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { INTAKE_CHECKS } from "@/lib/onnx/intake";
import { readRssMb, sandboxEnv } from "@/lib/sandbox/supervise-child";
import type {
  TFeatureSchema, TIntakeCheckEvent, TIntakeCheckKey, TIntakeChildMessage, TIntakeInput, TScorableSummary, TSignature,
} from "@/lib/onnx/types";

export type TSandboxOptions = {
  timeoutMs: number;
  memoryLimitMb: number;
  onCheck?: (event: TIntakeCheckEvent) => void;
  /** Called once the child process exists, with its pid (for logs and for tests). */
  onSpawn?: (pid: number) => void;
  /** How often the child's resident memory is sampled. */
  pollMs?: number;
};

type TRunStats = {
  timings: Partial<Record<TIntakeCheckKey, number>>;
  /** From fork to the child's first message: process start, tsx and module loading. */
  spawnMs: number | null;
  peakRssMb: number;
  totalMs: number;
};

export type TSandboxOutcome =
  | ({ ok: true; signature: TSignature; featureSchema: TFeatureSchema; scorable: TScorableSummary & { bytes: Uint8Array } } & TRunStats)
  | ({ ok: false; crashed: false; failedCheck: TIntakeCheckKey; reason: string; signature?: TSignature } & TRunStats)
  | ({ ok: false; crashed: true; failedCheck: TIntakeCheckKey | null; reason: string; signature?: TSignature } & TRunStats);

// This file sits in lib/onnx; the repository root holds tsconfig.json (for tsx's "@/" alias) and
// node_modules (for `--import tsx`), so the child runs there whatever the caller's cwd.
const ROOT = typeof __dirname === "string" ? path.resolve(__dirname, "..", "..") : process.cwd();
const CHILD_ENTRY = path.join(ROOT, "workers", "sandbox", "intake-child.ts");
const STDERR_TAIL = 2000;

/**
 * Runs the intake checklist on an artifact in a child process, so that a hostile or broken model
 * can only take down its sandbox. The child's resident memory is sampled every ~100 ms from
 * /proc and the child is killed (SIGKILL) past `memoryLimitMb`, or when `timeoutMs` runs out.
 * Never rejects: every way the child can end becomes an outcome with a reason a person can read.
 */
export async function runIntakeInSandbox(input: Omit<TIntakeInput, "scorableOutPath">, options: TSandboxOptions): Promise<TSandboxOutcome> {
  let tmp: string;
  try {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "modelgate-intake-"));
  } catch (e) {
    const reason = `could not start the sandbox: no temporary directory (${e instanceof Error ? e.message : String(e)})`;
    return { ok: false, crashed: true, failedCheck: null, reason, timings: {}, spawnMs: null, peakRssMb: 0, totalMs: 0 };
  }
  try {
    return await supervise({ ...input, scorableOutPath: path.join(tmp, "scorable.onnx") }, options);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

function supervise(input: TIntakeInput, options: TSandboxOptions): Promise<TSandboxOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const statuses = new Map<TIntakeCheckKey, TIntakeCheckEvent["status"]>();
    let current: TIntakeCheckKey | null = null;
    let signature: TSignature | undefined;
    let spawnMs: number | null = null;
    let peakRssMb = 0;
    let stderr = "";
    let killedFor: string | null = null;
    let settled = false;
    let result: Extract<TIntakeChildMessage, { type: "result" }> | null = null;

    const relay = (event: TIntakeCheckEvent) => {
      statuses.set(event.key, event.status);
      if (event.status === "RUNNING") current = event.key;
      try {
        options.onCheck?.(event);
      } catch {
        // A failing listener must not take the supervisor down with it.
      }
    };
    const stats = (): TRunStats => ({ timings: result?.timings ?? {}, spawnMs, peakRssMb, totalMs: Math.round(performance.now() - started) });

    let child: ChildProcess;
    try {
      child = fork(CHILD_ENTRY, [], {
        cwd: ROOT,
        execPath: process.execPath,
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        serialization: "json",
        env: sandboxEnv(),
      });
    } catch (e) {
      resolve({ ok: false, crashed: true, failedCheck: null, reason: `could not start the sandbox: ${e instanceof Error ? e.message : String(e)}`, ...stats() });
      return;
    }

    if (child.pid !== undefined) {
      try {
        options.onSpawn?.(child.pid);
      } catch {
        // Same as onCheck: a listener's error is not the sandbox's.
      }
    }

    const kill = (why: string) => {
      if (killedFor || child.exitCode !== null || child.signalCode !== null) return;
      killedFor = why;
      child.kill("SIGKILL");
    };
    const poll = setInterval(() => {
      const rss = readRssMb(child.pid);
      if (rss === null) return;
      peakRssMb = Math.max(peakRssMb, rss);
      if (rss > options.memoryLimitMb) {
        kill(`the model exceeded the memory limit of ${options.memoryLimitMb} MB ${phase(current)} and was stopped`);
      }
    }, options.pollMs ?? 100);
    const timer = setTimeout(() => kill(`timed out after ${formatSeconds(options.timeoutMs)} ${phase(current)}; the sandbox was stopped`), options.timeoutMs);

    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    child.on("message", (m: TIntakeChildMessage) => {
      if (spawnMs === null) spawnMs = Math.round(performance.now() - started);
      if (m.type === "check") relay({ key: m.key, status: m.status, message: m.message, ...(m.details ? { details: m.details } : {}) });
      else if (m.type === "signature") signature = m.signature;
      else if (m.type === "result") result = m;
    });
    child.on("error", (e) => {
      // Spawn failures and IPC errors; 'exit' may never follow a failed spawn.
      if (child.pid === undefined) finish(`could not start the sandbox: ${e.message}`);
    });
    // 'close' rather than 'exit': it comes after the IPC channel and stderr are drained, so a result
    // sent just before the child exited has been received by then.
    child.on("close", (code, signal) => {
      if (result) return void finishWithResult(result);
      if (killedFor) return finish(killedFor);
      if (signal) return finish(`the runtime crashed (signal ${signal}) ${phase(current)}`);
      const tail = stderr.trim().split("\n").slice(-3).join(" | ");
      finish(`the sandbox exited unexpectedly (code ${code}) ${phase(current)}${tail ? `: ${tail}` : ""}`);
    });
    child.send(input, (e) => {
      if (e) kill(`could not hand the model to the sandbox: ${e.message}`);
    });

    function cleanup() {
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }

    // A crash leaves the running check without a verdict: close the checklist so it reads whole.
    function finish(reason: string) {
      if (settled) return;
      cleanup();
      const finished = (key: TIntakeCheckKey) => ["PASSED", "FAILED", "SKIPPED"].includes(statuses.get(key) ?? "");
      // The check that was running takes the blame; before the first one started, the first one.
      const failed = current && !finished(current) ? current : (INTAKE_CHECKS.find((c) => !finished(c.key))?.key ?? null);
      for (const { key } of INTAKE_CHECKS) {
        if (finished(key)) continue;
        if (key === failed) relay({ key, status: "FAILED", message: reason });
        else relay({ key, status: "SKIPPED", message: `skipped: ${failed ?? "the sandbox"} failed` });
      }
      resolve({ ok: false, crashed: true, failedCheck: failed, reason, ...(signature ? { signature } : {}), ...stats() });
    }

    async function finishWithResult(r: Extract<TIntakeChildMessage, { type: "result" }>) {
      if (settled) return;
      cleanup();
      if (!r.ok) {
        resolve({ ok: false, crashed: false, failedCheck: r.failedCheck, reason: r.reason, ...(r.signature ? { signature: r.signature } : {}), ...stats() });
        return;
      }
      const { bytesBase64, path: bytesPath, ...summary } = r.scorable;
      let bytes: Uint8Array = new Uint8Array();
      try {
        if (bytesPath) bytes = new Uint8Array(await fs.readFile(bytesPath));
        else if (bytesBase64) bytes = new Uint8Array(Buffer.from(bytesBase64, "base64"));
      } catch (e) {
        resolve({ ok: false, crashed: true, failedCheck: null, reason: `could not read the scorable model the sandbox wrote: ${(e as Error).message}`, signature: r.signature, ...stats() });
        return;
      }
      resolve({ ok: true, signature: r.signature, featureSchema: r.featureSchema, scorable: { ...summary, bytes }, ...stats() });
    }
  });
}

function phase(key: TIntakeCheckKey | null): string {
  switch (key) {
    case null: return "while starting";
    case "format": return "while reading the file";
    case "session": return "while creating the runtime session";
    case "smoke": return "during smoke inference";
    default: return `during the check "${INTAKE_CHECKS.find((c) => c.key === key)?.label ?? key}"`;
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
