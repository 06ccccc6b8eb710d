import type { PrismaClient } from "@/lib/generated/prisma/client";
import { GENESIS_HASH, hashAuditEvent } from "@/lib/audit/hash-audit-event";

export type TAuditVerification =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; brokenAt: { seq: string; id: string; reason: string } };

const PAGE = 1000;

// Walks the whole chain in order, a page at a time, recomputing each hash from the row's content.
export async function verifyAuditChain(db: PrismaClient): Promise<TAuditVerification> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: cursor === undefined ? {} : { seq: { gt: cursor } },
      orderBy: { seq: "asc" },
      take: PAGE,
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      const where = { seq: row.seq.toString(), id: row.id };
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, brokenAt: { ...where, reason: "prev_hash does not match the hash of the row before it (a row was removed or reordered)" } };
      }
      const expected = hashAuditEvent(prevHash, { ...row, before: row.before, after: row.after });
      if (expected !== row.hash) {
        return { ok: false, checked, brokenAt: { ...where, reason: "the row's content does not match its hash (the row was modified)" } };
      }
      prevHash = row.hash;
      checked += 1;
    }
    cursor = rows[rows.length - 1].seq;
  }
  return { ok: true, checked, lastHash: prevHash };
}
