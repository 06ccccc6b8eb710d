import { NextResponse, type NextRequest } from "next/server";
import { ZodError } from "zod";
import { getSessionActor } from "@/lib/auth/session-actor";
import type { TActor } from "@/lib/auth/actor";
import { AppError, isAppError, toErrorBody } from "@/lib/errors";
import { authenticateToken } from "@/lib/tokens/authenticate-token";
import { logger } from "@/lib/logger";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";

type TRouteContext<P> = { params: Promise<P> };
type THandler<P> = (req: NextRequest, ctx: { actor: TActor; params: P }) => Promise<Response>;

// Every /api/v1 route goes through here: authenticate (Bearer token or session cookie) → handler →
// errors mapped to { error: { code, message, details? } } with the matching status.
export function withApi<P = Record<string, never>>(handler: THandler<P>) {
  return async (req: NextRequest, ctx: TRouteContext<P>): Promise<Response> => {
    let actor: TActor | null = null;
    try {
      actor = await authenticate(req);
      if (!actor) throw new AppError("unauthenticated", "Sign in or send 'Authorization: Bearer <api token>'");
      return await handler(req, { actor, params: await ctx.params });
    } catch (e) {
      if (actor && req.method !== "GET" && isAppError(e) && (e.code === "forbidden" || e.code === "not_found")) await auditRefusal(actor, req, e);
      return errorResponse(e);
    }
  };
}

// A refused change (403, or 404 for what lies in another team) is on the record with who tried what.
async function auditRefusal(actor: TActor, req: NextRequest, e: AppError): Promise<void> {
  try {
    await db.$transaction((tx) =>
      appendAuditEvent(tx, {
        actor, teamId: null, action: "access.denied", subjectType: "route", subjectId: `${req.method} ${req.nextUrl.pathname}`,
        after: { status: e.status, code: e.code, message: e.message },
      }),
    );
  } catch (err) {
    logger.warn("could not audit a refused request", { err });
  }
}

export async function authenticate(req: NextRequest): Promise<TActor | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError("unauthenticated", "Malformed Authorization header: expected 'Bearer <api token>'");
    const actor = await authenticateToken(match[1]);
    if (!actor) throw new AppError("unauthenticated", "The API token is invalid, expired or revoked");
    return actor;
  }
  // No session cookie at all: skip decoding (and keep the answer a plain 401).
  const hasSession = req.cookies.getAll().some((c) => c.name.endsWith("next-auth.session-token") || c.name.includes("next-auth.session-token."));
  return hasSession ? getSessionActor() : null;
}

export function errorResponse(e: unknown): Response {
  if (e instanceof ZodError) {
    const details = e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    const message = first ? `Invalid input: ${first.path ? `${first.path}: ` : ""}${first.message}` : "Invalid input";
    return NextResponse.json({ error: { code: "invalid_input", message, details } }, { status: 400 });
  }
  if (!isAppError(e)) logger.error("unhandled error in API route", { err: e });
  const headers: Record<string, string> = {};
  if (isAppError(e) && e.retryAfterSeconds) headers["Retry-After"] = String(e.retryAfterSeconds);
  return NextResponse.json(toErrorBody(e), { status: isAppError(e) ? e.status : 500, headers });
}

export async function readJson(req: NextRequest): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new AppError("unsupported_media_type", "Send the body as application/json");
  }
  try {
    return await req.json();
  } catch {
    throw new AppError("invalid_input", "The body is not valid JSON");
  }
}
