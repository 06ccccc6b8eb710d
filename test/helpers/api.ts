import { NextRequest } from "next/server";
import { createApiToken } from "@/lib/tokens/create-api-token";
import type { TActor } from "@/lib/auth/actor";

// Calls the real route handlers in-process with a real API token: the HTTP layer (auth, parsing,
// error mapping) runs exactly as under `next start`, against the real database.
export async function tokenFor(actor: TActor, team: string): Promise<string> {
  return (await createApiToken(actor, { team, name: "test" })).token;
}

type THandler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

export async function call<P>(handler: THandler<P>, opts: { url?: string; method?: string; token?: string | null; json?: unknown; body?: BodyInit; headers?: Record<string, string>; params?: P }) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  const req = new NextRequest(new URL(opts.url ?? "/api/v1/x", "http://localhost"), { method: opts.method ?? (body ? "POST" : "GET"), headers, body, duplex: "half" } as RequestInit & { duplex: "half" } as never);
  const res = await handler(req, { params: Promise.resolve((opts.params ?? {}) as P) });
  const text = await res.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  return { status: res.status, data, headers: res.headers };
}

export function multipart(file: { name: string; bytes: Uint8Array } | null, metadata?: unknown): FormData {
  const form = new FormData();
  if (metadata !== undefined) form.append("metadata", typeof metadata === "string" ? metadata : JSON.stringify(metadata));
  if (file) form.append("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name);
  return form;
}

// Serialises a FormData into a body + content-type the way a browser would.
export async function encodeForm(form: FormData): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
  const res = new Response(form);
  return { body: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get("content-type")! };
}
