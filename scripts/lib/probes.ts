import fs from "node:fs";
import net from "node:net";

// Small helpers shared by services.ts and embedded-postgres.ts.

export type TLog = (line: string) => void;

export class ServiceError extends Error {
  override name = "ServiceError";
}

export const noop = async () => {};

/** True when something accepts a TCP connection at host:port within `timeoutMs`. */
export function tcpAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Sends PING over RESP; resolves with the first reply line ("+PONG", "-NOAUTH …"), whatever a
 * non-Redis server sent before closing, or null when nothing answered.
 */
export function redisPing(host: string, port: number, timeoutMs = 1_000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let buffer = "";
    const done = (reply: string | null) => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      const end = buffer.indexOf("\r\n");
      if (end >= 0) done(buffer.slice(0, end));
    });
    socket.once("error", () => done(null));
    socket.once("close", () => done(buffer || null));
  });
}

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ServiceError(`${name} must be a port number, got "${raw}"`);
  return n;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
