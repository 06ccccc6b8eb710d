import fs from "node:fs";

// CPU time (user + system, ms) of processes read from /proc (Linux): the bench's figures name where
// each request's CPU went (the server, PostgreSQL, Redis, the load generator), not only throughput.
const TICK_MS = 10; // USER_HZ is 100 on Linux

// User and kernel CPU ms of one process from /proc/<pid>/stat, or null when it is gone or /proc is not there.
function readCpu(pid: number): { user: number; system: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start at ") "; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: Number(fields[11]) * TICK_MS, system: Number(fields[12]) * TICK_MS };
  } catch {
    return null;
  }
}

/** CPU ms of one process, or NaN when it is gone or /proc is not there. */
export function processCpuMs(pid: number): number {
  const cpu = readCpu(pid);
  return cpu ? cpu.user + cpu.system : NaN;
}

/** Kernel-mode CPU ms of one process (the system share of processCpuMs). */
export function processSystemCpuMs(pid: number): number {
  return readCpu(pid)?.system ?? NaN;
}

/** Summed CPU ms of every process whose command name is `comm` (e.g. every PostgreSQL backend). */
export function commandCpuMs(comm: string): number {
  let total = 0;
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return NaN;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== comm) continue;
    } catch {
      continue;
    }
    const ms = processCpuMs(Number(entry));
    if (Number.isFinite(ms)) total += ms;
  }
  return total;
}

export type TCpuMeter = { stop(): Record<string, number> };

/** Starts counting CPU ms for named probes; stop() gives each probe's CPU ms since start. */
export function startCpuMeter(probes: Record<string, () => number>): TCpuMeter {
  const before = Object.fromEntries(Object.entries(probes).map(([name, read]) => [name, read()]));
  return {
    stop: () => Object.fromEntries(Object.entries(probes).map(([name, read]) => [name, read() - before[name]])),
  };
}
