import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertAdmin } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { assertUrlAddressAllowed, ZWebhookEvents } from "@/lib/webhooks/create-webhook";
import { toWebhookDto, WEBHOOK_SELECT, type TWebhookDto } from "@/lib/webhooks/webhook-dto";
import { ZWebhookUrl } from "@/lib/webhooks/webhook-url";

export const ZUpdateWebhook = z
  .strictObject(
    {
      active: z.boolean({ error: "active must be true or false" }).optional(),
      events: ZWebhookEvents.optional(),
      url: ZWebhookUrl.optional(),
    },
    { error: (i) => (i.code === "unrecognized_keys" ? `only active, events and url can be changed (got ${i.keys.join(", ")})` : undefined) },
  )
  .refine((v) => v.active !== undefined || v.events !== undefined || v.url !== undefined, { message: "send at least one of active, events, url" });

// Enable/disable, resubscribe or move a webhook. Deliveries already queued for a disabled webhook
// are cancelled by the worker instead of sent.
export async function updateWebhook(actor: TActor, id: string, raw: unknown): Promise<TWebhookDto> {
  assertAdmin(actor, "admin.webhooks");
  const input = ZUpdateWebhook.parse(raw);
  if (input.url) assertUrlAddressAllowed(input.url);
  const row = await db.$transaction(async (tx) => {
    const current = await tx.webhook.findUnique({ where: { id }, select: { id: true, teamId: true, url: true, events: true, active: true } });
    if (!current) throw notFound("Webhook");
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (input.active !== undefined && input.active !== current.active) [before.active, after.active] = [current.active, input.active];
    if (input.url !== undefined && input.url !== current.url) [before.url, after.url] = [current.url, input.url];
    if (input.events !== undefined && input.events.join() !== current.events.join()) [before.events, after.events] = [current.events, input.events];
    if (Object.keys(after).length === 0) return tx.webhook.findUniqueOrThrow({ where: { id }, select: WEBHOOK_SELECT });
    const updated = await tx.webhook.update({ where: { id }, data: after, select: WEBHOOK_SELECT });
    await appendAuditEvent(tx, { actor, teamId: current.teamId, action: "webhook.updated", subjectType: "webhook", subjectId: id, before, after });
    return updated;
  });
  return toWebhookDto(row);
}
