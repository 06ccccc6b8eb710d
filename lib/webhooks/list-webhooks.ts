import { db } from "@/lib/db";
import { assertAdmin } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { toWebhookDto, WEBHOOK_SELECT, type TWebhookDto } from "@/lib/webhooks/webhook-dto";

// Admins see every team's webhooks; `team` (slug or id) narrows to one team.
export async function listWebhooks(actor: TActor, opts: { team?: string | null } = {}): Promise<TWebhookDto[]> {
  assertAdmin(actor, "admin.webhooks");
  let teamId: string | undefined;
  if (opts.team) {
    const team = await db.team.findFirst({ where: { OR: [{ id: opts.team }, { slug: opts.team }] }, select: { id: true } });
    if (!team) throw notFound("Team");
    teamId = team.id;
  }
  const rows = await db.webhook.findMany({ where: teamId ? { teamId } : {}, orderBy: [{ team: { name: "asc" } }, { createdAt: "asc" }], select: WEBHOOK_SELECT });
  return rows.map(toWebhookDto);
}

// The teams a webhook can be created for (the admin form's select).
export async function listWebhookTeams(actor: TActor): Promise<{ id: string; slug: string; name: string }[]> {
  assertAdmin(actor, "admin.webhooks");
  return db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, slug: true, name: true } });
}
