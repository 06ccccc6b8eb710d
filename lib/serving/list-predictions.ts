import { z } from "zod";
import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { invalidInput, notFound } from "@/lib/errors";
import type { TFeatureSchemaDto } from "@/lib/versions/get-version";

export const ZListPredictionsQuery = z.object({
  limit: z.coerce
    .number({ error: "limit must be a whole number from 1 to 200" })
    .int("limit must be a whole number from 1 to 200")
    .min(1, "limit must be at least 1")
    .max(200, "limit must be at most 200")
    .default(50),
  before: z.string().max(200, "before must be a cursor from a previous page (nextCursor)").optional(),
});

export type TPredictionOutput = { label?: string | number | boolean; score?: number; probabilities?: Record<string, number> | number[]; value?: number };

/**
 * GET /api/v1/versions/{id}/predictions?limit=&before=: the version's logged predictions, newest
 * first, with their ground truth. `before` is the opaque `nextCursor` of the previous page (created
 * time and id, so rows logged in the same millisecond are neither skipped nor repeated). Ground truth
 * given for another prediction of the same row (the champion's, for a shadow challenger) counts too.
 */
export async function listPredictions(actor: TActor, versionId: string, raw: { limit?: unknown; before?: unknown }) {
  const query = ZListPredictionsQuery.parse({ limit: raw.limit ?? undefined, before: raw.before ?? undefined });
  const version = await db.modelVersion.findUnique({ where: { id: versionId }, select: { id: true, featureSchema: true, model: { select: { teamId: true, task: true } } } });
  if (!version) throw notFound("Version");
  assertCan(actor, "model.read", version.model.teamId, "Version");
  const cursor = query.before ? decodeCursor(query.before) : null;

  const rows = await db.predictionLog.findMany({
    where: {
      versionId: version.id,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: {
      id: true, createdAt: true, role: true, served: true, shadowOfId: true, input: true, output: true, latencyMs: true,
      feedback: { select: { actual: true, source: true, updatedAt: true } },
    },
  });
  const page = rows.slice(0, query.limit);
  // Rows without feedback of their own take their pair's: a shadow row the feedback on the served
  // prediction it shadowed, a served row the feedback on a shadow of it.
  const bare = page.filter((r) => !r.feedback);
  const shadowed = bare.flatMap((r) => (r.shadowOfId ? [r.shadowOfId] : []));
  const served = bare.filter((r) => !r.shadowOfId).map((r) => r.id);
  const paired = bare.length
    ? await db.predictionLog.findMany({
        where: { feedback: { isNot: null }, OR: [{ id: { in: shadowed } }, { shadowOfId: { in: served } }] },
        select: { id: true, shadowOfId: true, served: true, feedback: { select: { actual: true, source: true, updatedAt: true } } },
        orderBy: { served: "desc" },
      })
    : [];
  // Keyed by the served prediction's id (the request row both answers share).
  const byRow = new Map<string, (typeof paired)[number]["feedback"]>();
  for (const p of paired) {
    const key = p.shadowOfId ?? p.id;
    if (!byRow.has(key)) byRow.set(key, p.feedback);
  }

  const regression = version.model.task === "REGRESSION";
  const order = ((version.featureSchema as TFeatureSchemaDto | null)?.features ?? []).map((f) => f.name);
  const items = page.map((r) => {
    const own = r.feedback;
    const fb = own ?? byRow.get(r.shadowOfId ?? r.id) ?? null;
    const output = (r.output ?? {}) as TPredictionOutput;
    return {
      id: r.id,
      createdAt: r.createdAt,
      role: r.role,
      served: r.served,
      shadowOfId: r.shadowOfId,
      input: inFeatureOrder(r.input as Record<string, unknown>, order),
      output,
      latencyMs: r.latencyMs,
      feedback: fb ? { actual: fb.actual, source: fb.source, updatedAt: fb.updatedAt, viaPairedPrediction: !own } : null,
      // Classifiers: whether the label was right; regressors: the absolute error.
      correct: fb && !regression && output.label !== undefined ? String(output.label) === fb.actual : null,
      absError: fb && regression && typeof output.value === "number" && Number.isFinite(Number(fb.actual)) ? Math.abs(output.value - Number(fb.actual)) : null,
    };
  });
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
export type TPredictionPage = Awaited<ReturnType<typeof listPredictions>>;
export type TPredictionItem = TPredictionPage["items"][number];

// Inputs logged before they were stored as json were jsonb, which keeps keys in its own order
// (shortest first); show them in the schema's order.
function inFeatureOrder(input: Record<string, unknown> | null, order: string[]): Record<string, unknown> {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input ?? {};
  const out: Record<string, unknown> = {};
  for (const name of order) if (name in input) out[name] = input[name];
  for (const [k, v] of Object.entries(input)) if (!(k in out)) out[k] = v;
  return out;
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const bar = text.indexOf("|");
  const at = new Date(text.slice(0, bar));
  const id = text.slice(bar + 1);
  if (bar < 20 || Number.isNaN(at.getTime()) || !id) {
    throw invalidInput("before must be the nextCursor of a previous page", [{ path: "before", message: "not a cursor this API returned" }]);
  }
  return { at, id };
}
