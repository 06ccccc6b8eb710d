import { db } from "@/lib/db";
import { assertAdmin } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { DELIVERY_SELECT, toDeliveryDto, type TWebhookDeliveryDto } from "@/lib/webhooks/webhook-dto";

// The delivery log of one webhook, newest first.
export async function listWebhookDeliveries(actor: TActor, webhookId: string, opts: { limit?: number } = {}): Promise<TWebhookDeliveryDto[]> {
  assertAdmin(actor, "admin.webhooks");
  const hook = await db.webhook.findUnique({ where: { id: webhookId }, select: { id: true } });
  if (!hook) throw notFound("Webhook");
  const rows = await db.webhookDelivery.findMany({ where: { webhookId }, orderBy: { createdAt: "desc" }, take: Math.min(Math.max(opts.limit ?? 50, 1), 200), select: DELIVERY_SELECT });
  return rows.map(toDeliveryDto);
}
