import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/producers";
import type { TWebhookDeliveryEvent, TWebhookEnvelope, TWebhookEvent } from "@/lib/webhooks/events";

type TTx = Prisma.TransactionClient;

// Inside the caller's transaction: one QUEUED WebhookDelivery per active webhook of the team that
// subscribes to `event`, so the event is recorded exactly when the change it describes commits.
// Returns the delivery ids; pass them to dispatchWebhookDeliveries after the commit. A team without
// webhooks costs one indexed query and no writes.
export async function recordWebhookEvent(tx: TTx, input: { teamId: string; event: TWebhookEvent; data: unknown }): Promise<string[]> {
  const hooks = await tx.webhook.findMany({
    where: { teamId: input.teamId, active: true, events: { has: input.event } },
    select: { id: true, team: { select: { slug: true } } },
  });
  if (hooks.length === 0) return [];
  const occurredAt = new Date();
  const rows = hooks.map((h) => {
    const id = randomUUID();
    return { id, webhookId: h.id, event: input.event, payload: webhookEnvelope({ id, event: input.event, occurredAt, team: { id: input.teamId, slug: h.team.slug }, data: input.data }) };
  });
  await tx.webhookDelivery.createMany({ data: rows });
  return rows.map((r) => r.id);
}

// After the commit: one BullMQ job per delivery (jobId = delivery id). Never throws: a failed
// enqueue leaves the row QUEUED and the reconciler enqueues it later (row first, job second).
export async function dispatchWebhookDeliveries(ids: readonly string[]): Promise<void> {
  await Promise.all(
    ids.map((id) =>
      enqueue("webhook", id, { deliveryId: id }).catch((err) => logger.warn("webhook enqueue failed; the reconciler will enqueue it", { deliveryId: id, err })),
    ),
  );
}

// Dates become ISO strings and bigints strings, so what is stored is what is sent.
export function webhookEnvelope(e: { id: string; event: TWebhookDeliveryEvent; occurredAt: Date; team: { id: string; slug: string }; data: unknown }): Prisma.InputJsonObject {
  const envelope: TWebhookEnvelope<unknown> = { id: e.id, event: e.event, occurredAt: e.occurredAt.toISOString(), team: e.team, data: e.data ?? {} };
  return JSON.parse(JSON.stringify(envelope, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) as Prisma.InputJsonObject;
}
