import { z } from "zod";
import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError, conflict, notFound, type TErrorCode } from "@/lib/errors";
import { routes } from "@/lib/routes";
import { INTERNAL_AUTH_HEADER, serveUrl, signInternalAuth } from "@/lib/serving/internal-auth";

const TIMEOUT_MS = 10_000;

export const ZTryBody = z
  .object({
    row: z.record(
      z.string().max(200),
      z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()], { error: "each feature value must be a string, a number, a boolean or null" }),
      { error: (i) => (i.input === undefined ? "row is required: { feature: value, … }" : "row must be an object of feature values") },
    ).refine((r) => Object.keys(r).length <= 10_000, "row has more than 10,000 features"),
  })
  .strict();

const STATUS_CODES: Record<number, TErrorCode> = {
  400: "invalid_input", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "payload_too_large",
  415: "unsupported_media_type", 422: "unprocessable", 429: "rate_limited", 503: "unavailable",
};

/**
 * POST /api/v1/versions/{id}/try (signed-in users with scoring.run): sends one row through serve, as
 * a client would, to this exact version (`/versions/{n}/predict`), authenticated with the internal
 * header (lib/serving/internal-auth.ts) for the signed-in user. The answer is serve's, unchanged; so
 * are its errors, with field paths `rows[0].<feature>` given as `row.<feature>` to match this body.
 * Scripts call serve directly with a predict token: this route exists for the browser only.
 */
export async function tryPrediction(actor: TActor, versionId: string, raw: unknown) {
  const version = await db.modelVersion.findUnique({
    where: { id: versionId },
    select: { id: true, number: true, intakeStatus: true, model: { select: { name: true, teamId: true, team: { select: { slug: true } } } } },
  });
  if (!version) throw notFound("Version");
  assertCan(actor, "scoring.run", version.model.teamId, "Version");
  if (actor.tokenId) {
    throw new AppError("forbidden", "This route is for the signed-in web UI; with an API token, call serve directly: POST " + serveUrl().replace(/\/+$/, "") + routes.serve.predict({ team: version.model.team.slug, model: version.model.name, version: version.number }));
  }
  const { row } = ZTryBody.parse(raw);
  if (version.intakeStatus !== "PASSED") throw conflict(`v${version.number} has not passed intake (${version.intakeStatus.toLowerCase()}): serve cannot load it`);

  const base = serveUrl().replace(/\/+$/, "");
  const url = base + routes.serve.predict({ team: version.model.team.slug, model: version.model.name, version: version.number });
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", [INTERNAL_AUTH_HEADER]: signInternalAuth(actor.userId) },
      body: JSON.stringify({ rows: [row] }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "error",
    });
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    throw new AppError("unavailable", timedOut
      ? `The prediction server at ${base} did not answer within ${TIMEOUT_MS / 1000} s`
      : `The prediction server is not reachable at ${base}: start it with 'npm run start:serve' (or set SERVE_URL to where it runs)`, { cause: e });
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new AppError("unavailable", `The prediction server at ${base} answered ${res.status} with something other than JSON`);
  }
  if (res.ok) return body as TTryAnswer;

  const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const message = err?.message ?? `The prediction server answered ${res.status}`;
  if (res.status === 401) {
    // Only a web/serve secret mismatch makes serve refuse our own signature.
    throw new AppError("unavailable", `The prediction server refused the web server's signature (${message}): web and serve must share NEXTAUTH_SECRET`);
  }
  const details = Array.isArray(err?.details)
    ? (err.details as { path?: unknown; message?: unknown }[]).map((d) => ({ path: String(d.path ?? "").replace(/^rows(?:\[0\]|\.0)(?=\.|$)/, "row"), message: String(d.message ?? "") }))
    : err?.details;
  throw new AppError(STATUS_CODES[res.status] ?? "unavailable", message, { details, retryAfterSeconds: Number(res.headers.get("retry-after")) || undefined });
}

/** Serve's answer (serve/…): the model, the version that answered and one prediction per row. */
export type TTryAnswer = {
  model: { team: string; name: string };
  version: { number: number; stage: string; id: string };
  predictions: { id: string; label?: string | number | boolean; score?: number; probabilities?: Record<string, number> | number[]; value?: number }[];
};
