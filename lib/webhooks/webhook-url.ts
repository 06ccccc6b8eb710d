import { z } from "zod";

// Webhook URLs are checked when they are saved and again before every delivery (the rules may
// have been different when an old row was written).
export const WEBHOOK_URL_MAX = 2048;

export type TUrlCheck = { ok: true; url: URL } | { ok: false; error: string };

export function checkWebhookUrl(raw: string): TUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: "url is not a valid absolute URL (e.g. https://hooks.example.com/modelgate)" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, error: `url must start with http:// or https:// (got ${url.protocol.replace(/:$/, "")}:)` };
  }
  // Credentials in the URL would be kept in clear text and shown in the admin list; receivers
  // authenticate requests by the signature instead.
  if (url.username || url.password) return { ok: false, error: "url must not contain a user name or password; verify the X-Modelgate-Signature header instead" };
  if (!url.hostname) return { ok: false, error: "url has no host" };
  if (url.hash) return { ok: false, error: "url must not contain a #fragment" };
  return { ok: true, url };
}

export const ZWebhookUrl = z
  .string({ error: "url is required" })
  .trim()
  .min(1, "url is required")
  .max(WEBHOOK_URL_MAX, `url must be at most ${WEBHOOK_URL_MAX} characters`)
  .superRefine((value, ctx) => {
    const check = checkWebhookUrl(value);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.error });
  })
  // WHATWG normalisation: host lowercased, IPv4 shorthands (http://2130706433/) spelled out.
  .transform((value) => new URL(value).toString());
