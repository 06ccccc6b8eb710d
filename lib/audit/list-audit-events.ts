import { z } from "zod";
import { db } from "@/lib/db";
import { canAdmin, teamsWhere } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";

export const ZAuditQuery = z.object({
  team: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  actor: z.string().max(320).optional(),
  subject: z.string().max(100).optional(),
  from: z.coerce.date({ error: "from must be a date (ISO 8601)" }).optional(),
  to: z.coerce.date({ error: "to must be a date (ISO 8601)" }).optional(),
  before: z.string().regex(/^\d+$/, "before must be a sequence number").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.input<typeof ZAuditQuery>;

// Members read their teams' events; admins read everything, including events of no team (users).
export async function listAuditEvents(actor: TActor, raw: unknown) {
  const q = ZAuditQuery.parse(raw);
  const where: Prisma.AuditEventWhereInput = {};
  const admin = canAdmin(actor, "admin.audit");
  const visibleTeams = teamsWhere(actor, "audit.read");
  if (q.team) {
    const team = admin ? await db.team.findFirst({ where: { OR: [{ id: q.team }, { slug: q.team }] }, select: { id: true } }) : null;
    const member = actor.memberships.find((m) => m.teamId === q.team || m.teamSlug === q.team);
    const teamId = member && visibleTeams.includes(member.teamId) ? member.teamId : team?.id;
    where.teamId = teamId ?? "__none__";
  } else if (!admin) {
    where.teamId = { in: visibleTeams };
  }
  if (q.action) where.action = { startsWith: q.action };
  if (q.actor) where.actorLabel = { contains: q.actor, mode: "insensitive" };
  if (q.subject) where.subjectId = q.subject;
  if (q.from || q.to) where.at = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) };
  if (q.before) where.seq = { lt: BigInt(q.before) };
  const rows = await db.auditEvent.findMany({ where, orderBy: { seq: "desc" }, take: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((r) => ({ ...r, seq: r.seq.toString() })),
    nextBefore: rows.length > q.limit ? page[page.length - 1].seq.toString() : null,
  };
}
export type TAuditEventDto = Awaited<ReturnType<typeof listAuditEvents>>["events"][number];
