import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { LookupFunction } from "node:net";
import { refusalFor, type TAllowlist } from "@/lib/webhooks/address-policy";
import { checkWebhookUrl } from "@/lib/webhooks/webhook-url";

// POSTs a webhook body with node:http(s), checking the address actually connected to.
// - The check runs inside the socket's `lookup`, so the address checked is the address dialled: a
//   DNS answer that changes between a check and the connect (DNS rebinding) cannot slip through.
//   IP-literal hosts skip `lookup` in Node, so they are checked before the request.
// - Redirects are never followed: the response is returned with its Location and the caller
//   records "redirect not followed". Following would send the signed body to an address the admin
//   never configured, and each hop would need the same checks; a receiver that moved is fixed by
//   editing the webhook URL.
// - One deadline covers connect, headers and body; the body is read up to `maxBodyBytes` (for the
//   delivery log) and the rest is dropped.

export class RefusedAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedAddressError";
  }
}

export class InvalidUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidUrlError";
  }
}

export type TResolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

export type TSafePostOptions = {
  body: string;
  headers: Record<string, string>;
  allowlist: TAllowlist;
  timeoutMs: number;
  maxBodyBytes?: number;
  // Tests resolve names without DNS; production uses the system resolver (dns.lookup, like Node).
  resolve?: TResolve;
};

export type TSafeResponse = { status: number; statusText: string; location: string | null; body: string; truncated: boolean };

const systemResolve: TResolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

function guardedLookup(host: string, allowlist: TAllowlist, resolve: TResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (!addresses.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 4);
        // Every answer must pass: with happy eyeballs Node may dial any of them.
        for (const a of addresses) {
          const refusal = refusalFor(host, a.address, allowlist);
          if (refusal) return callback(new RefusedAddressError(refusal), "", 4);
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (!wanted.length) return callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: "ENOTFOUND" }), "", 4);
        if (options.all) return callback(null, wanted);
        callback(null, wanted[0].address, wanted[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 4),
    );
  };
}

export function safePost(rawUrl: string, opts: TSafePostOptions): Promise<TSafeResponse> {
  const check = checkWebhookUrl(rawUrl);
  if (!check.ok) return Promise.reject(new InvalidUrlError(check.error));
  const url = check.url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    const refusal = refusalFor(host, host, opts.allowlist);
    if (refusal) return Promise.reject(new RefusedAddressError(refusal));
  }
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024;
  const client = url.protocol === "https:" ? https : http;
  const payload = Buffer.from(opts.body, "utf8");

  return new Promise<TSafeResponse>((resolve, reject) => {
    let settled = false;
    // Only called from events and the timer, i.e. after `req` and `timer` exist.
    function settle(fn: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      req.destroy();
    }
    const req = client.request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: "POST",
      // A fresh connection per delivery: a pooled socket would skip the lookup (and its check).
      agent: false,
      lookup: guardedLookup(host, opts.allowlist, opts.resolve ?? systemResolve),
      headers: { ...opts.headers, "content-length": String(payload.length) },
    });
    const timer = setTimeout(() => settle(() => reject(Object.assign(new Error(`no response within ${opts.timeoutMs} ms`), { code: "ETIMEDOUT" }))), opts.timeoutMs);
    req.on("error", (err) => settle(() => reject(err)));
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const finish = () =>
        settle(() => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", location: res.headers.location ?? null, body: Buffer.concat(chunks).toString("utf8"), truncated }));
      res.on("data", (chunk: Buffer) => {
        const room = maxBodyBytes - size;
        if (chunk.length >= room) {
          chunks.push(chunk.subarray(0, room));
          truncated = chunk.length > room;
          finish();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      // A receiver that hangs up after its status line still answered: keep what arrived.
      res.on("end", finish);
      res.on("close", finish);
      res.on("error", finish);
    });
    req.end(payload);
  });
}
