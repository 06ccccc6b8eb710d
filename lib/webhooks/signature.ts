import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// The signature scheme receivers verify (README "Webhooks"):
//   X-Modelgate-Timestamp: <unix seconds>
//   X-Modelgate-Signature: sha256=<hex HMAC-SHA256(key = the secret as shown, message = `${timestamp}.${body}`)>
// Signing the timestamp with the body lets a receiver refuse replays of an old, validly signed
// request (compare the timestamp with its clock); the body is the exact bytes sent.

export const SIGNATURE_HEADER = "X-Modelgate-Signature";
export const TIMESTAMP_HEADER = "X-Modelgate-Timestamp";
export const EVENT_HEADER = "X-Modelgate-Event";
export const DELIVERY_HEADER = "X-Modelgate-Delivery";

// Shown once at creation. Kept in the database as is, unlike API tokens: HMAC signing needs the key
// itself, so it cannot be stored as a hash.
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

// What a receiver does; used by the tests and shown in the README.
export function verifyWebhookSignature(input: { secret: string; timestamp: string | number; body: string; signature: string; toleranceSeconds?: number; now?: number }): boolean {
  const ts = Number(input.timestamp);
  if (!Number.isInteger(ts)) return false;
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhookBody(input.secret, ts, input.body));
  const given = Buffer.from(input.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
