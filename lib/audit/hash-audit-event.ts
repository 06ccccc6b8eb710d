import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/utils/canonical-json";

export const GENESIS_HASH = "0".repeat(64);

export type TAuditHashInput = {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  teamId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
};

// hash_n = sha256(hash_{n-1} || canonical(event_n)): changing, removing or reordering any row breaks
// every later link, which GET /api/v1/audit/verify reports.
export function hashAuditEvent(prevHash: string, e: TAuditHashInput): string {
  const body = canonicalJson({
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    teamId: e.teamId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    before: e.before ?? null,
    after: e.after ?? null,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}
