import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// The web process calls serve on behalf of a signed-in user (the version page's "try it" form)
// without an API token: it signs the user id and a timestamp with a key derived from NEXTAUTH_SECRET,
// which web and serve share. Serve accepts the header for 60 seconds and then loads the user's
// memberships like any other actor. Browsers never see this header.

export const INTERNAL_AUTH_HEADER = "x-modelgate-internal";
const MAX_AGE_MS = 60_000;

function key(): Buffer {
  const secret = env.NEXTAUTH_SECRET ?? "modelgate-development-secret-change-me";
  return createHash("sha256").update(`serve-internal:${secret}`).digest();
}

function mac(payload: string): string {
  return createHmac("sha256", key()).update(payload).digest("hex");
}

export function signInternalAuth(userId: string, now = Date.now()): string {
  const payload = `v1.${now}.${userId}`;
  return `${payload}.${mac(payload)}`;
}

// The user id the header vouches for, or null when it is malformed, forged or stale.
export function verifyInternalAuth(header: string | null | undefined, now = Date.now()): string | null {
  if (!header || header.length > 300) return null;
  const parts = header.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") return null;
  const [, ts, userId, given] = parts;
  const at = Number(ts);
  if (!Number.isFinite(at) || Math.abs(now - at) > MAX_AGE_MS || !userId) return null;
  const expected = Buffer.from(mac(`v1.${ts}.${userId}`), "hex");
  const actual = Buffer.from(given, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : null;
}

export function serveUrl(): string {
  return env.SERVE_URL ?? `http://127.0.0.1:${env.SERVE_PORT}`;
}
