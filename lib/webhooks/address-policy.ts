import net from "node:net";

// Which addresses a webhook may connect to (SSRF defence). A webhook URL is chosen by an admin but
// the request is made from inside the installation, next to PostgreSQL, Redis, the serve process
// and cloud metadata endpoints (169.254.169.254): every address that is not publicly routable is
// refused unless WEBHOOK_ALLOWED_HOSTS names the host, the address or a CIDR containing it.
// Pure functions (no I/O, no env): lib/env.ts validates the allowlist with parseAllowlist at boot.

export type TAddressKind = "public" | "loopback" | "private" | "link-local" | "unspecified" | "cgnat" | "multicast" | "reserved";

type TCidr = { version: 4 | 6; base: bigint; prefix: number };
export type TAllowlist = { hosts: ReadonlySet<string>; cidrs: readonly TCidr[] };

const KIND_WORDS: Record<Exclude<TAddressKind, "public">, string> = {
  loopback: "a loopback address",
  private: "a private address",
  "link-local": "a link-local address",
  unspecified: "an unspecified address",
  cgnat: "a carrier-grade NAT address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};

const V4_RANGES: [string, Exclude<TAddressKind, "public">][] = [
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "cgnat"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"],
  ["192.0.2.0/24", "reserved"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "reserved"],
  ["198.51.100.0/24", "reserved"],
  ["203.0.113.0/24", "reserved"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"],
];

const V6_RANGES: [string, Exclude<TAddressKind, "public">][] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["64:ff9b:1::/48", "private"],
  ["100::/64", "reserved"],
  ["2001:db8::/32", "reserved"],
  ["fc00::/7", "private"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "private"],
  ["ff00::/8", "multicast"],
];

// IPv6 forms that carry an IPv4 address the packet ends up at: the IPv4 address decides.
// (mapped ::ffff:a.b.c.d, the deprecated IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96.)
const V6_EMBEDDING: { cidr: string; shift: bigint }[] = [
  { cidr: "::ffff:0:0/96", shift: 0n },
  { cidr: "::/96", shift: 0n },
  { cidr: "64:ff9b::/96", shift: 0n },
  // 6to4: 2002:AABB:CCDD::/48 tunnels to AA.BB.CC.DD.
  { cidr: "2002::/16", shift: 80n },
];

function parseV4(s: string): bigint | null {
  if (net.isIPv4(s) === false) return null;
  return s.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseV6(raw: string): bigint | null {
  const s = raw.split("%")[0];
  if (!net.isIPv6(s)) return null;
  let text = s;
  // A trailing dotted quad stands for the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseV4(dotted[1]);
    if (v4 === null) return null;
    text = text.slice(0, -dotted[1].length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === null ? headGroups : [...headGroups, ...Array(missing).fill("0"), ...tailGroups];
  if (groups.length !== 8) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function parseCidr(text: string): TCidr | null {
  const [addr, prefixText, ...rest] = text.split("/");
  if (rest.length) return null;
  const version = net.isIPv4(addr) ? 4 : net.isIPv6(addr) ? 6 : null;
  if (!version) return null;
  const bits = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return null;
  const value = version === 4 ? parseV4(addr) : parseV6(addr);
  if (value === null) return null;
  return { version, base: mask(value, prefix, bits), prefix };
}

function mask(value: bigint, prefix: number, bits: number): bigint {
  const hostBits = BigInt(bits - prefix);
  return (value >> hostBits) << hostBits;
}

function contains(cidr: TCidr, version: 4 | 6, value: bigint): boolean {
  return cidr.version === version && mask(value, cidr.prefix, version === 4 ? 32 : 128) === cidr.base;
}

const V4_TABLE = V4_RANGES.map(([c, kind]) => ({ cidr: parseCidr(c)!, kind }));
const V6_TABLE = V6_RANGES.map(([c, kind]) => ({ cidr: parseCidr(c)!, kind }));
const EMBED_TABLE = V6_EMBEDDING.map((e) => ({ cidr: parseCidr(e.cidr)!, shift: e.shift }));

// The IPv4 address an IPv6 address stands for, if it is one of the embedding forms.
function embeddedV4(v6: bigint): bigint | null {
  for (const e of EMBED_TABLE) if (contains(e.cidr, 6, v6)) return (v6 >> e.shift) & 0xffffffffn;
  return null;
}

type TParsed = { version: 4 | 6; value: bigint; v4: bigint | null };

function parseAddress(address: string): TParsed | null {
  const v4 = parseV4(address);
  if (v4 !== null) return { version: 4, value: v4, v4 };
  const v6 = parseV6(address);
  if (v6 === null) return null;
  return { version: 6, value: v6, v4: embeddedV4(v6) };
}

// Classifies one IP address (v4 or v6, with or without a zone). Anything unparseable is
// "reserved": refusing what we cannot read is the safe side.
export function classifyAddress(address: string): TAddressKind {
  const parsed = parseAddress(address);
  if (!parsed) return "reserved";
  if (parsed.version === 6) {
    for (const r of V6_TABLE) if (contains(r.cidr, 6, parsed.value)) return r.kind;
  }
  if (parsed.v4 !== null) {
    for (const r of V4_TABLE) if (contains(r.cidr, 4, parsed.v4)) return r.kind;
  }
  return "public";
}

function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

export type TAllowlistParse = { ok: true; allowlist: TAllowlist } | { ok: false; error: string };

// "hooks.internal, 10.1.2.3, 192.168.0.0/16, fd00::/8": hostnames (exact, case-insensitive),
// addresses and CIDRs, separated by commas or whitespace.
export function parseAllowlist(raw: string): TAllowlistParse {
  const hosts = new Set<string>();
  const cidrs: TCidr[] = [];
  for (const entry of raw.split(/[\s,]+/).map((e) => e.trim()).filter(Boolean)) {
    const bare = normaliseHost(entry);
    if (net.isIP(bare) || bare.includes("/")) {
      const cidr = parseCidr(bare);
      if (!cidr) return { ok: false, error: `'${entry}' is not a valid IP address or CIDR (e.g. 10.0.0.0/8, fd00::/8)` };
      cidrs.push(cidr);
    } else if (HOSTNAME.test(bare)) {
      hosts.add(bare);
    } else {
      return { ok: false, error: `'${entry}' is not a hostname, IP address or CIDR` };
    }
  }
  return { ok: true, allowlist: { hosts, cidrs } };
}

export function allowlistFrom(raw: string): TAllowlist {
  const parsed = parseAllowlist(raw);
  if (!parsed.ok) throw new Error(`WEBHOOK_ALLOWED_HOSTS: ${parsed.error}`);
  return parsed.allowlist;
}

function allowlisted(allowlist: TAllowlist, parsed: TParsed): boolean {
  return allowlist.cidrs.some((c) => contains(c, parsed.version, parsed.value) || (parsed.v4 !== null && contains(c, 4, parsed.v4)));
}

// Null when `host` (as written in the URL) may connect to `address`; otherwise the reason, worded
// for the delivery log.
export function refusalFor(host: string, address: string, allowlist: TAllowlist): string | null {
  const name = normaliseHost(host);
  if (allowlist.hosts.has(name)) return null;
  const kind = classifyAddress(address);
  if (kind === "public") return null;
  const parsed = parseAddress(address);
  if (parsed && allowlisted(allowlist, parsed)) return null;
  const bare = normaliseHost(address);
  const subject = name === bare ? bare : `${name} resolves to ${bare}`;
  return `refused: ${subject}, ${KIND_WORDS[kind]}; add it to WEBHOOK_ALLOWED_HOSTS to allow it`;
}
