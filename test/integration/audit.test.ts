import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { uniq } from "@/test/helpers/factories";

const admin = new pg.Client({ connectionString: env.DATABASE_URL });

afterAll(async () => {
  await admin.end().catch(() => undefined);
});

describe("audit log", () => {
  it("chains events and verifies the chain", async () => {
    const subject = uniq("subject");
    for (let i = 0; i < 3; i++) {
      await db.$transaction((tx) => appendAuditEvent(tx, { actor: { system: "test" }, teamId: null, action: "test.event", subjectType: "test", subjectId: subject, after: { i, nested: { b: 1, a: [1, 2] } } }));
    }
    const rows = await db.auditEvent.findMany({ where: { subjectId: subject }, orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(3);
    expect(rows[1].prevHash).toBe(rows[0].hash);
    expect(rows[2].prevHash).toBe(rows[1].hash);
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(true);
  });

  it("keeps the chain linear under concurrent appends", async () => {
    const subject = uniq("concurrent");
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      db.$transaction((tx) => appendAuditEvent(tx, { actor: { system: "test" }, teamId: null, action: "test.concurrent", subjectType: "test", subjectId: subject, after: { i } })),
    ));
    const hashes = await db.auditEvent.findMany({ select: { prevHash: true } });
    const prev = hashes.map((h) => h.prevHash);
    expect(new Set(prev).size).toBe(prev.length);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    await db.$transaction((tx) => appendAuditEvent(tx, { actor: { system: "test" }, teamId: null, action: "test.immutable", subjectType: "test", subjectId: uniq("x") }));
    await expect(db.$executeRawUnsafe(`UPDATE audit_events SET action = 'x' WHERE action = 'test.immutable'`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM audit_events WHERE action = 'test.immutable'`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });

  it("detects a row tampered with through a superuser connection", async () => {
    const subject = uniq("tamper");
    await db.$transaction((tx) => appendAuditEvent(tx, { actor: { system: "test" }, teamId: null, action: "test.tamper", subjectType: "test", subjectId: subject, after: { amount: 1 } }));
    const row = await db.auditEvent.findFirstOrThrow({ where: { subjectId: subject } });
    await admin.connect();
    // A superuser can bypass triggers; the hash chain is what still catches it.
    await admin.query("SET session_replication_role = replica");
    try {
      await admin.query(`UPDATE audit_events SET after = '{"amount": 1000}' WHERE id = $1`, [row.id]);
      const broken = await verifyAuditChain(db);
      expect(broken.ok).toBe(false);
      if (!broken.ok) {
        expect(broken.brokenAt.id).toBe(row.id);
        expect(broken.brokenAt.reason).toMatch(/modified/);
      }
    } finally {
      await admin.query(`UPDATE audit_events SET after = '{"amount": 1}' WHERE id = $1`, [row.id]);
      await admin.query("SET session_replication_role = DEFAULT");
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
