import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { GENESIS_HASH, hashAuditEvent } from "@/lib/audit/hash-audit-event";
import type { TActor } from "@/lib/auth/actor";

export type TAuditInput = {
  actor: TActor | { system: string };
  teamId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
};

type TTx = Prisma.TransactionClient;

// Must run inside the transaction that makes the state change, so the change and its record land
// together or not at all. The advisory lock serialises appends so the chain has no forks.
export async function appendAuditEvent(tx: TTx, input: TAuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('modelgate.audit_events'))`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const actor = "system" in input.actor
    ? { actorId: null, actorLabel: `system:${input.actor.system}` }
    : { actorId: input.actor.userId, actorLabel: input.actor.tokenId ? `${input.actor.email} (token ${input.actor.tokenPrefix})` : input.actor.email };
  const event = {
    id: randomUUID(),
    at: new Date(),
    ...actor,
    teamId: input.teamId,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    before: toJson(input.before),
    after: toJson(input.after),
  };
  const hash = hashAuditEvent(prevHash, event);
  await tx.auditEvent.create({
    data: {
      ...event,
      before: event.before === null ? undefined : (event.before as Prisma.InputJsonValue),
      after: event.after === null ? undefined : (event.after as Prisma.InputJsonValue),
      prevHash,
      hash,
    },
  });
}

// Dates and bigints become strings so what is hashed equals what jsonb gives back.
function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}
