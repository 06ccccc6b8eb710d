import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { INTAKE_CHECKS, intakeCheckLabel } from "@/lib/onnx/intake";
import { superviseChild, type TSupervisedStats } from "@/lib/sandbox/supervise-child";
import type {
  TFeatureSchema, TIntakeCheckEvent, TIntakeCheckKey, TIntakeChildMessage, TIntakeChildResult, TIntakeInput, TScorableSummary, TSignature,
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

type TRunStats = TSupervisedStats & { timings: Partial<Record<TIntakeCheckKey, number>> };

export type TSandboxOutcome =
  | ({ ok: true; signature: TSignature; featureSchema: TFeatureSchema; scorable: TScorableSummary & { bytes: Uint8Array } } & TRunStats)
  | ({ ok: false; crashed: false; failedCheck: TIntakeCheckKey; reason: string; signature?: TSignature } & TRunStats)
  | ({ ok: false; crashed: true; failedCheck: TIntakeCheckKey | null; reason: string; signature?: TSignature } & TRunStats);


const CHILD_ENTRY = "workers/sandbox/intake-child.ts";

/**
 * Runs the intake checklist on an artifact in a child process (superviseChild), so that a hostile or
 * broken model can only take down its sandbox: past `memoryLimitMb` or `timeoutMs` the child is
 * killed, and the check it was running is the one that failed. Never rejects: every way the child
 * can end becomes an outcome with a reason a person can read.
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
    return await runChecklist({ ...input, scorableOutPath: path.join(tmp, "scorable.onnx") }, options);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function runChecklist(input: TIntakeInput, options: TSandboxOptions): Promise<TSandboxOutcome> {
  const statuses = new Map<TIntakeCheckKey, TIntakeCheckEvent["status"]>();
  let current: TIntakeCheckKey | null = null;
  let signature: TSignature | undefined;

  const relay = (event: TIntakeCheckEvent) => {
    statuses.set(event.key, event.status);
    if (event.status === "RUNNING") current = event.key;
    try {
      options.onCheck?.(event);
    } catch {
      // A failing listener must not take the supervisor down with it.
    }
  };

  // A crash leaves the running check without a verdict: close the checklist so it reads whole. The
  // check that was running takes the blame; before the first one started, the first one.
  const closeChecklist = (reason: string): TIntakeCheckKey | null => {
    const finished = (key: TIntakeCheckKey) => ["PASSED", "FAILED", "SKIPPED"].includes(statuses.get(key) ?? "");
    const failed = current && !finished(current) ? current : (INTAKE_CHECKS.find((c) => !finished(c.key))?.key ?? null);
    for (const { key } of INTAKE_CHECKS) {
      if (finished(key)) continue;
      if (key === failed) relay({ key, status: "FAILED", message: reason });
      else relay({ key, status: "SKIPPED", message: `skipped: ${failed ?? "the sandbox"} failed` });
    }
    return failed;
  };

  const supervised = await superviseChild<TIntakeInput, TIntakeChildMessage, TIntakeChildResult>(CHILD_ENTRY, input, {
    timeoutMs: options.timeoutMs,
    memoryLimitMb: options.memoryLimitMb,
    pollMs: options.pollMs,
    onSpawn: options.onSpawn,
    onMessage: (m) => {
      if (m.type === "check") relay({ key: m.key, status: m.status, message: m.message, ...(m.details ? { details: m.details } : {}) });
      else if (m.type === "signature") signature = m.signature;
    },
    phase: () => phase(current),
    // Signatures and check details are stored as JSON: the parent sees them as they will be kept.
    serialization: "json",
  });
  const { peakRssMb, totalMs, spawnMs } = supervised;

  if (supervised.kind === "stopped") {
    const failedCheck = closeChecklist(supervised.reason);
    return { ok: false, crashed: true, failedCheck, reason: supervised.reason, ...(signature ? { signature } : {}), timings: {}, peakRssMb, totalMs, spawnMs };
  }

  const r = supervised.result;
  const stats: TRunStats = { timings: r.timings, peakRssMb, totalMs, spawnMs };
  if (!r.ok) return { ok: false, crashed: false, failedCheck: r.failedCheck, reason: r.reason, ...(r.signature ? { signature: r.signature } : {}), ...stats };
  const { bytesBase64, path: bytesPath, ...summary } = r.scorable;
  let bytes: Uint8Array = new Uint8Array();
  try {
    if (bytesPath) bytes = new Uint8Array(await fs.readFile(bytesPath));
    else if (bytesBase64) bytes = new Uint8Array(Buffer.from(bytesBase64, "base64"));
  } catch (e) {
    return { ok: false, crashed: true, failedCheck: null, reason: `could not read the scorable model the sandbox wrote: ${(e as Error).message}`, signature: r.signature, ...stats };
  }
  return { ok: true, signature: r.signature, featureSchema: r.featureSchema, scorable: { ...summary, bytes }, ...stats };
}

function phase(key: TIntakeCheckKey | null): string {
  switch (key) {
    case null: return "while starting";
    case "format": return "while reading the file";
    case "session": return "while creating the runtime session";
    case "smoke": return "during smoke inference";
    default: return `during the check "${intakeCheckLabel(key)}"`;
  }
}
