import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertAdmin } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";

// Deletes the webhook and (by cascade) its delivery log. Jobs still queued find no row and stop.
export async function deleteWebhook(actor: TActor, id: string): Promise<void> {
  assertAdmin(actor, "admin.webhooks");
  await db.$transaction(async (tx) => {
    const current = await tx.webhook.findUnique({ where: { id }, select: { id: true, teamId: true, url: true, events: true, active: true } });
    if (!current) throw notFound("Webhook");
    await tx.webhook.delete({ where: { id } });
    await appendAuditEvent(tx, { actor, teamId: current.teamId, action: "webhook.deleted", subjectType: "webhook", subjectId: id, before: { url: current.url, events: current.events, active: current.active } });
  });
}
