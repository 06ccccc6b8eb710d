import { describe, expect, it } from "vitest";
import { allowlistFrom, classifyAddress, parseAllowlist, refusalFor } from "@/lib/webhooks/address-policy";

const none = allowlistFrom("");

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["172.15.255.255", "public"],
    ["172.32.0.0", "public"],
    ["100.63.255.255", "public"],
    ["100.128.0.0", "public"],
    ["169.253.255.255", "public"],
    ["192.169.0.1", "public"],
    ["11.0.0.1", "public"],
  ])("IPv4 %s is %s", (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.5", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
  ])("IPv4 %s is %s", (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it.each([
    ["2606:4700:4700::1111", "public"],
    ["2001:4860:4860::8888", "public"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "private"],
    ["fd12:3456:789a::1", "private"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
  ])("IPv6 %s is %s", (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it.each([
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.5", "private"],
    ["::ffff:a00:5", "private"],
    ["0:0:0:0:0:ffff:c0a8:0101", "private"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:100.64.0.1", "cgnat"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["::ffff:224.0.0.1", "multicast"],
    ["::ffff:8.8.8.8", "public"],
    // IPv4-compatible (deprecated), NAT64 and 6to4 forms carry an IPv4 destination too.
    ["::127.0.0.1", "loopback"],
    ["64:ff9b::10.0.0.5", "private"],
    ["64:ff9b::8.8.8.8", "public"],
    ["2002:a9fe:a9fe::1", "link-local"],
    ["2002:0808:0808::1", "public"],
  ])("embedded IPv4 %s is %s", (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it("refuses what it cannot read", () => {
    expect(classifyAddress("not-an-ip")).toBe("reserved");
    expect(classifyAddress("")).toBe("reserved");
  });
});

describe("refusalFor", () => {
  it("explains a hostname resolving to a private address", () => {
    expect(refusalFor("api.example", "10.0.0.5", none)).toBe("refused: api.example resolves to 10.0.0.5, a private address; add it to WEBHOOK_ALLOWED_HOSTS to allow it");
  });

  it("names the address once when the URL holds it", () => {
    expect(refusalFor("127.0.0.1", "127.0.0.1", none)).toBe("refused: 127.0.0.1, a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it");
    expect(refusalFor("[::1]", "::1", none)).toBe("refused: ::1, a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it");
  });

  it("lets public addresses through without an allowlist", () => {
    expect(refusalFor("hooks.example.com", "93.184.216.34", none)).toBeNull();
    expect(refusalFor("hooks.example.com", "2606:2800:220:1:248:1893:25c8:1946", none)).toBeNull();
  });

  it("allows by hostname, case-insensitively and with a trailing dot, whatever it resolves to", () => {
    const list = allowlistFrom("Hooks.Internal");
    expect(refusalFor("hooks.internal", "10.1.2.3", list)).toBeNull();
    expect(refusalFor("HOOKS.internal.", "127.0.0.1", list)).toBeNull();
    expect(refusalFor("other.internal", "10.1.2.3", list)).toMatch(/^refused: other\.internal resolves to 10\.1\.2\.3, a private address/);
    // A hostname entry never allows an IP-literal URL.
    expect(refusalFor("10.1.2.3", "10.1.2.3", list)).not.toBeNull();
  });

  it("allows by address and by CIDR, v4 and v6, mapped forms included", () => {
    const list = allowlistFrom("10.20.0.0/16, 127.0.0.1 fd00::/8");
    expect(refusalFor("a.internal", "10.20.3.4", list)).toBeNull();
    expect(refusalFor("a.internal", "10.21.0.1", list)).not.toBeNull();
    expect(refusalFor("127.0.0.1", "127.0.0.1", list)).toBeNull();
    expect(refusalFor("localhost", "127.0.0.2", list)).toMatch(/loopback/);
    expect(refusalFor("a.internal", "::ffff:10.20.9.9", list)).toBeNull();
    expect(refusalFor("a.internal", "::ffff:127.0.0.1", list)).toBeNull();
    expect(refusalFor("a.internal", "fd00::5", list)).toBeNull();
    expect(refusalFor("a.internal", "fc00::5", list)).toMatch(/a private address/);
    expect(refusalFor("a.internal", "::1", list)).toMatch(/loopback/);
  });

  it("names every kind of refused range", () => {
    expect(refusalFor("h", "169.254.169.254", none)).toMatch(/a link-local address/);
    expect(refusalFor("h", "100.64.1.1", none)).toMatch(/a carrier-grade NAT address/);
    expect(refusalFor("h", "0.0.0.0", none)).toMatch(/an unspecified address/);
    expect(refusalFor("h", "::", none)).toMatch(/an unspecified address/);
    expect(refusalFor("h", "224.0.0.251", none)).toMatch(/a multicast address/);
    expect(refusalFor("h", "fe80::1", none)).toMatch(/a link-local address/);
  });
});

describe("parseAllowlist", () => {
  it("accepts hostnames, addresses and CIDRs separated by commas or spaces", () => {
    const parsed = parseAllowlist(" hooks.internal,10.0.0.0/8  192.168.1.5 , fd00::/8,[::1] ");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect([...parsed.allowlist.hosts]).toEqual(["hooks.internal"]);
    expect(parsed.allowlist.cidrs).toHaveLength(4);
  });

  it("treats an empty value as no allowlist", () => {
    expect(parseAllowlist("")).toEqual({ ok: true, allowlist: { hosts: new Set(), cidrs: [] } });
  });

  it.each(["10.0.0.0/33", "fd00::/129", "10.0.0/8", "not a host!", "http://x.example", "10.0.0.1/8/2"])("refuses %s with a message", (entry) => {
    const parsed = parseAllowlist(entry);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain("'");
  });

  it("allowlistFrom names the variable on a bad entry", () => {
    expect(() => allowlistFrom("10.0.0.0/99")).toThrow(/^WEBHOOK_ALLOWED_HOSTS: '10\.0\.0\.0\/99' is not a valid IP address or CIDR/);
  });
});
