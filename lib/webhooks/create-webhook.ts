import net from "node:net";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertAdmin } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { invalidInput, notFound } from "@/lib/errors";
import { allowlistFrom, refusalFor } from "@/lib/webhooks/address-policy";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { newWebhookSecret } from "@/lib/webhooks/signature";
import { toWebhookDto, WEBHOOK_SELECT, type TWebhookDto } from "@/lib/webhooks/webhook-dto";
import { ZWebhookUrl } from "@/lib/webhooks/webhook-url";

export const ZWebhookEvents = z
  .array(z.enum(WEBHOOK_EVENTS, { error: `each event must be one of: ${WEBHOOK_EVENTS.join(", ")}` }), { error: "events must be a list of event names" })
  .min(1, "choose at least one event")
  .transform((events) => WEBHOOK_EVENTS.filter((e) => events.includes(e)));

export const ZCreateWebhook = z.object({
  team: z.string({ error: "team is required" }).trim().min(1, "team is required").max(100),
  url: ZWebhookUrl,
  events: ZWebhookEvents,
});
export type TCreateWebhook = z.infer<typeof ZCreateWebhook>;

// An address written into the URL can be refused now, with the field named; hostnames are
// resolved and checked at every delivery (their answer may change).
export function assertUrlAddressAllowed(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (!net.isIP(host)) return;
  const refusal = refusalFor(host, host, allowlistFrom(env.WEBHOOK_ALLOWED_HOSTS));
  if (refusal) throw invalidInput(`Invalid input: url: ${refusal}`, [{ path: "url", message: refusal }]);
}

// Admins only. Returns the signing secret once; it is stored as is because signing needs it.
export async function createWebhook(actor: TActor, raw: unknown): Promise<{ webhook: TWebhookDto; secret: string }> {
  assertAdmin(actor, "admin.webhooks");
  const input = ZCreateWebhook.parse(raw);
  assertUrlAddressAllowed(input.url);
  const team = await db.team.findFirst({ where: { OR: [{ id: input.team }, { slug: input.team }] }, select: { id: true } });
  if (!team) throw notFound("Team");
  const secret = newWebhookSecret();
  const webhook = await db.$transaction(async (tx) => {
    const row = await tx.webhook.create({
      data: { teamId: team.id, url: input.url, events: input.events, secret, createdById: actor.userId },
      select: WEBHOOK_SELECT,
    });
    await appendAuditEvent(tx, { actor, teamId: team.id, action: "webhook.created", subjectType: "webhook", subjectId: row.id, after: { url: row.url, events: row.events, active: row.active } });
    return row;
  });
  return { webhook: toWebhookDto(webhook), secret };
}
