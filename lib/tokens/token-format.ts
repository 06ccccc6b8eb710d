import { hash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "mg_";

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

// Tokens carry 256 random bits, so a fast hash is enough at rest (no password stretching needed).
// One-shot crypto.hash: serve hashes the token of every request, and no Hash object is needed.
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}

export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}
