import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { allowlistFrom } from "@/lib/webhooks/address-policy";
import { PING_EVENT } from "@/lib/webhooks/events";
import { InvalidUrlError, RefusedAddressError, safePost, type TResolve } from "@/lib/webhooks/safe-fetch";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from "@/lib/webhooks/signature";

export type TDeliveryResult = "succeeded" | "cancelled" | "skipped";

// A failure that retrying cannot fix (refused address, bad URL, redirect). The processor turns it
// into BullMQ's UnrecoverableError; the row is already FAILED.
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentDeliveryError";
  }
}

const IN_FLIGHT = ["QUEUED", "RUNNING"] as const;
const SNIPPET = 300;

// Worker side of one WebhookDelivery row: sign, POST, record. A 2xx is SUCCEEDED. Any other answer
// or a network error is recorded on the row (back to QUEUED, waiting for BullMQ's retry) and
// thrown so BullMQ retries with backoff; failWebhookDelivery marks the row FAILED after the last
// attempt. Every write is guarded by the row's status, so a redelivered job never undoes a result.
export async function deliverWebhook(deliveryId: string, opts: { resolve?: TResolve } = {}): Promise<TDeliveryResult> {
  const d = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, event: true, payload: true, status: true, attempts: true, error: true, webhook: { select: { url: true, secret: true, active: true } } },
  });
  if (!d) {
    logger.warn("webhook delivery row is gone (webhook deleted?); dropping the job", { deliveryId });
    return "skipped";
  }
  if (d.status !== "QUEUED" && d.status !== "RUNNING") return "skipped";
  // Disabling stops everything still queued, retries included; a test ping to a disabled webhook
  // (to check a receiver before enabling it) gets its one attempt.
  if (!d.webhook.active && (d.event !== PING_EVENT || d.attempts > 0)) {
    const error = d.attempts > 0 ? `not retried: the webhook was disabled (last error: ${d.error ?? "none"})` : "not sent: the webhook was disabled";
    await db.webhookDelivery.updateMany({ where: { id: deliveryId, status: { in: [...IN_FLIGHT] } }, data: { status: "CANCELLED", error } });
    return "cancelled";
  }
  await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "RUNNING", attempts: { increment: 1 } } });

  const body = JSON.stringify(d.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let res;
  try {
    res = await safePost(d.webhook.url, {
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Modelgate-Webhooks/1",
        [SIGNATURE_HEADER]: signWebhookBody(d.webhook.secret, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [EVENT_HEADER]: d.event,
        [DELIVERY_HEADER]: d.id,
      },
      allowlist: allowlistFrom(env.WEBHOOK_ALLOWED_HOSTS),
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      resolve: opts.resolve,
    });
  } catch (e) {
    if (e instanceof RefusedAddressError || e instanceof InvalidUrlError) return failPermanently(deliveryId, e.message, null);
    const message = networkMessage(e);
    await recordRetryableFailure(deliveryId, message, null);
    throw new Error(message);
  }

  if (res.status >= 200 && res.status < 300) {
    await db.webhookDelivery.updateMany({
      where: { id: deliveryId, status: { in: [...IN_FLIGHT] } },
      data: { status: "SUCCEEDED", responseStatus: res.status, error: null, deliveredAt: new Date() },
    });
    return "succeeded";
  }
  if (res.status >= 300 && res.status < 400) {
    const where = res.location ? ` to ${res.location.slice(0, 500)}` : "";
    return failPermanently(deliveryId, `the receiver answered ${res.status} (a redirect${where}); redirects are not followed: set the webhook URL to the final address`, res.status);
  }
  const snippet = res.body.replace(/\s+/g, " ").trim().slice(0, SNIPPET);
  const message = `the receiver answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}${snippet ? `: ${snippet}${res.body.length > SNIPPET || res.truncated ? "…" : ""}` : ""}`;
  await recordRetryableFailure(deliveryId, message, res.status);
  throw new Error(message);
}

async function recordRetryableFailure(id: string, error: string, responseStatus: number | null): Promise<void> {
  await db.webhookDelivery.updateMany({ where: { id, status: { in: [...IN_FLIGHT] } }, data: { status: "QUEUED", error, responseStatus } });
}

async function failPermanently(id: string, error: string, responseStatus: number | null): Promise<never> {
  await db.webhookDelivery.updateMany({ where: { id, status: { in: [...IN_FLIGHT] } }, data: { status: "FAILED", error, responseStatus } });
  throw new PermanentDeliveryError(error);
}

function networkMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ? ` (${err.code})` : "";
  return `could not deliver${code}: ${err?.message ?? String(e)}`;
}

// Called when BullMQ gives up on a webhook job after its last attempt: the row keeps the last
// error it recorded, or gets BullMQ's reason (a stalled job, an unparseable payload).
export async function failWebhookDelivery(deliveryId: string, message: string): Promise<void> {
  const row = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { status: true, error: true } });
  if (!row || (row.status !== "QUEUED" && row.status !== "RUNNING")) return;
  await db.webhookDelivery.updateMany({ where: { id: deliveryId, status: { in: [...IN_FLIGHT] } }, data: { status: "FAILED", error: message || row.error } });
}
