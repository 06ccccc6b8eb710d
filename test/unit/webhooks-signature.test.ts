import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhookBody, verifyWebhookSignature } from "@/lib/webhooks/signature";
import { checkWebhookUrl, ZWebhookUrl } from "@/lib/webhooks/webhook-url";
import { isWebhookEvent, WEBHOOK_EVENTS } from "@/lib/webhooks/events";

describe("webhook signature", () => {
  const secret = "whsec_test-secret";
  const body = '{"id":"d1","event":"version.created","data":{}}';

  it("is sha256= and the hex HMAC-SHA256 of `${timestamp}.${body}` keyed by the secret", () => {
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signWebhookBody(secret, 1700000000, body)).toBe(`sha256=${expected}`);
    // A known vector, so the scheme documented in the README cannot drift silently.
    expect(signWebhookBody("key", 0, "{}")).toBe(`sha256=${createHmac("sha256", "key").update("0.{}").digest("hex")}`);
  });

  it("verifies a fresh signature and refuses a changed body, timestamp or secret", () => {
    const now = 1700000100;
    const signature = signWebhookBody(secret, now, body);
    expect(verifyWebhookSignature({ secret, timestamp: String(now), body, signature, now })).toBe(true);
    expect(verifyWebhookSignature({ secret, timestamp: now, body: body + " ", signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp: now + 1, body, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: "whsec_other", timestamp: now, body, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp: now, body, signature: "sha256=00", now })).toBe(false);
  });

  it("refuses a replay outside the tolerance", () => {
    const ts = 1700000000;
    const signature = signWebhookBody(secret, ts, body);
    expect(verifyWebhookSignature({ secret, timestamp: ts, body, signature, now: ts + 299 })).toBe(true);
    expect(verifyWebhookSignature({ secret, timestamp: ts, body, signature, now: ts + 301 })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp: "soon", body, signature, now: ts })).toBe(false);
  });

  it("makes distinct, prefixed secrets with 256 bits of randomness", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe("webhook URL", () => {
  it("accepts http and https and normalises the host", () => {
    expect(ZWebhookUrl.parse(" https://Hooks.Example.com/mg?x=1 ")).toBe("https://hooks.example.com/mg?x=1");
    expect(ZWebhookUrl.parse("http://2130706433/")).toBe("http://127.0.0.1/");
  });

  it.each([
    ["ftp://hooks.example.com/", /must start with http:\/\/ or https:\/\/ \(got ftp:\)/],
    ["file:///etc/passwd", /must start with http:\/\/ or https:\/\//],
    ["javascript:alert(1)", /must start with http:\/\/ or https:\/\//],
    ["hooks.example.com/x", /not a valid absolute URL/],
    ["https://user:pw@hooks.example.com/", /must not contain a user name or password/],
    ["https://hooks.example.com/#frag", /must not contain a #fragment/],
  ])("refuses %s", (url, message) => {
    const check = checkWebhookUrl(url);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(message);
  });

  it("reports the problem on the url field", () => {
    const r = ZWebhookUrl.safeParse("gopher://x");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/http:\/\/ or https:\/\//);
  });
});

describe("webhook events", () => {
  it("lists the seven subscribable events, without ping", () => {
    expect(WEBHOOK_EVENTS).toEqual(["version.created", "intake.failed", "evaluation.completed", "promotion.requested", "promotion.decided", "stage.changed", "rollback"]);
    expect(isWebhookEvent("rollback")).toBe(true);
    expect(isWebhookEvent("ping")).toBe(false);
  });
});
