import { describe, expect, it } from "vitest";
import { can } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { ZModelName } from "@/lib/models/model-name";
import { canonicalJson } from "@/lib/utils/canonical-json";
import { GENESIS_HASH, hashAuditEvent } from "@/lib/audit/hash-audit-event";
import { sniffNonOnnx } from "@/lib/storage/sniff-file-type";
import { parseVersionMetadata } from "@/lib/versions/version-metadata";
import { clientIpFrom } from "@/lib/http/client-ip";
import { formatBytes } from "@/lib/utils/format";

const actor = (role: "DATA_SCIENTIST" | "APPROVER" | "EXECUTIVE", token?: { role: "DATA_SCIENTIST" | "APPROVER" | "EXECUTIVE"; scopes?: string[] }): TActor => ({
  userId: "u", email: "u@x", name: "u", isAdmin: false,
  memberships: [{ teamId: "t1", teamSlug: "t1", teamName: "T1", role }],
  tokenId: token ? "tok" : null, tokenPrefix: token ? "mg_abc" : null, tokenRole: token?.role ?? null, tokenScopes: token?.scopes ?? (token ? ["api"] : []),
});

describe("permissions", () => {
  const matrix = [
    ["model.read", true, true, true],
    ["model.create", true, true, false],
    ["version.upload", true, true, false],
    ["audit.read", true, true, true],
    ["token.create", true, true, true],
  ] as const;
  it.each(matrix)("%s: data scientist %s, approver %s, executive %s", (perm, ds, ap, ex) => {
    expect(can(actor("DATA_SCIENTIST"), perm, "t1")).toBe(ds);
    expect(can(actor("APPROVER"), perm, "t1")).toBe(ap);
    expect(can(actor("EXECUTIVE"), perm, "t1")).toBe(ex);
  });
  it("grants nothing in a team the actor is not a member of", () => {
    expect(can(actor("APPROVER"), "model.read", "other")).toBe(false);
  });
  it("caps a token by the role it was created with and by its scopes", () => {
    expect(can(actor("DATA_SCIENTIST", { role: "EXECUTIVE" }), "version.upload", "t1")).toBe(false);
    expect(can(actor("EXECUTIVE", { role: "DATA_SCIENTIST" }), "version.upload", "t1")).toBe(false);
    expect(can(actor("DATA_SCIENTIST", { role: "DATA_SCIENTIST" }), "version.upload", "t1")).toBe(true);
    expect(can(actor("DATA_SCIENTIST", { role: "DATA_SCIENTIST", scopes: ["predict"] }), "model.read", "t1")).toBe(false);
  });
});

describe("model names", () => {
  it.each(["card-fraud", "a", "lead_scoring.v2", "0abc", "x".repeat(63)])("accepts %j", (n) => {
    expect(ZModelName.safeParse(n).success).toBe(true);
  });
  it.each(["../x", "%2e%2e%2f", "a/b", "a\\b", "nul\u0000", "x".repeat(64), "Card", "-lead", ".hidden", "", "a b"])("refuses %j", (n) => {
    expect(ZModelName.safeParse(n).success).toBe(false);
  });
});

describe("audit hashing", () => {
  const event = { id: "e1", at: new Date("2026-01-01T00:00:00.000Z"), actorId: "u1", actorLabel: "a@x", teamId: "t", action: "x.y", subjectType: "model", subjectId: "m", before: null, after: { b: 2, a: 1 } };
  it("does not depend on key order (jsonb reorders keys)", () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
    expect(hashAuditEvent(GENESIS_HASH, event)).toBe(hashAuditEvent(GENESIS_HASH, { ...event, after: { a: 1, b: 2 } }));
  });
  it("changes with any field and with the previous hash", () => {
    const h = hashAuditEvent(GENESIS_HASH, event);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAuditEvent(GENESIS_HASH, { ...event, after: { a: 1, b: 3 } })).not.toBe(h);
    expect(hashAuditEvent(GENESIS_HASH, { ...event, actorLabel: "b@x" })).not.toBe(h);
    expect(hashAuditEvent("f".repeat(64), event)).not.toBe(h);
  });
});

describe("upload sniffing and metadata", () => {
  it("names common files that are not ONNX and lets protobuf through", () => {
    expect(sniffNonOnnx(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toMatch(/PNG/);
    expect(sniffNonOnnx(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toMatch(/ZIP/);
    expect(sniffNonOnnx(new TextEncoder().encode('{"a":1}'))).toMatch(/JSON/);
    expect(sniffNonOnnx(Uint8Array.from([0x08, 0x08, 0x12, 0x08]))).toBeNull();
  });
  it("parses metadata and names the field of each problem", () => {
    expect(parseVersionMetadata(undefined)).toEqual({});
    expect(parseVersionMetadata('{"labelClasses":[0,1],"positiveClass":1}')).toEqual({ labelClasses: ["0", "1"], positiveClass: "1" });
    expect(() => parseVersionMetadata('{"features":["a","a"]}')).toThrow(/unique/);
    expect(() => parseVersionMetadata('{"gitCommit":"not hex!"}')).toThrow(/hex/);
    expect(() => parseVersionMetadata("[1,2")).toThrow(/not valid JSON/);
  });
});

describe("small helpers", () => {
  it("takes the first X-Forwarded-For address", () => {
    const h = (m: Record<string, string>) => (n: string) => m[n];
    expect(clientIpFrom(h({ "x-forwarded-for": "203.0.113.1, 10.0.0.1" }))).toBe("203.0.113.1");
    expect(clientIpFrom(h({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIpFrom(h({}))).toBe("unknown");
  });
  it("formats sizes", () => {
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(4 * 1024 * 1024)).toBe("4 MB");
    expect(formatBytes(512 * 1024 * 1024)).toBe("512 MB");
  });
});
