import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertAdmin } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { PING_EVENT } from "@/lib/webhooks/events";
import { dispatchWebhookDeliveries, webhookEnvelope } from "@/lib/webhooks/record-webhook-event";
import { DELIVERY_SELECT, toDeliveryDto, type TWebhookDeliveryDto } from "@/lib/webhooks/webhook-dto";

// "Send test": a `ping` delivery through the same queue, signature and address checks as real
// events. It is sent even to a disabled webhook, so an admin can check a receiver before enabling it.
export async function sendTestWebhook(actor: TActor, webhookId: string): Promise<TWebhookDeliveryDto> {
  assertAdmin(actor, "admin.webhooks");
  const delivery = await db.$transaction(async (tx) => {
    const hook = await tx.webhook.findUnique({ where: { id: webhookId }, select: { id: true, teamId: true, events: true, team: { select: { slug: true } } } });
    if (!hook) throw notFound("Webhook");
    const id = randomUUID();
    const row = await tx.webhookDelivery.create({
      data: {
        id, webhookId, event: PING_EVENT,
        payload: webhookEnvelope({ id, event: PING_EVENT, occurredAt: new Date(), team: { id: hook.teamId, slug: hook.team.slug }, data: { webhookId, events: hook.events, message: "A test delivery from Modelgate" } }),
      },
      select: DELIVERY_SELECT,
    });
    await appendAuditEvent(tx, { actor, teamId: hook.teamId, action: "webhook.test_sent", subjectType: "webhook", subjectId: webhookId, after: { deliveryId: id } });
    return row;
  });
  await dispatchWebhookDeliveries([delivery.id]);
  return toDeliveryDto(delivery);
}
