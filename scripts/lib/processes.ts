import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";

// Child processes of the operator scripts, with their output prefixed ("[web] …") so the
// interleaved logs of several processes stay readable.

/** Every child started here and not yet exited, so a signal handler can stop them all. */
export const liveChildren = new Set<ChildProcess>();

export function spawnPrefixed(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  child.once("error", () => liveChildren.delete(child));
  const prefix = `[${name}] `;
  readline.createInterface({ input: child.stdout! }).on("line", (line) => process.stdout.write(prefix + line + "\n"));
  readline.createInterface({ input: child.stderr! }).on("line", (line) => process.stderr.write(prefix + line + "\n"));
  return child;
}

/** Runs a command to completion with prefixed output; resolves with its exit code. */
export function runPrefixed(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawnPrefixed(name, command, args, options);
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM to every child, SIGKILL to those still running after `graceMs`. */
export async function stopChildren(children: Iterable<ChildProcess>, graceMs: number): Promise<void> {
  const running = [...children].filter((c) => !hasExited(c));
  const exited = running.map((c) => new Promise<void>((resolve) => (hasExited(c) ? resolve() : c.once("exit", () => resolve()))));
  for (const c of running) c.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), graceMs)));
  const result = await Promise.race([Promise.all(exited), timeout]);
  clearTimeout(timer);
  if (result === "timeout") {
    for (const c of running) if (!hasExited(c)) c.kill("SIGKILL");
    await Promise.all(exited);
  }
}
