import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { membershipOf, type TActor } from "@/lib/auth/actor";
import { can, teamsWhere } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { TFeatureSchemaDto } from "@/lib/versions/get-version";

export const FEEDBACK_MAX_ITEMS = 10_000;
const MAX_ACTUAL_CHARS = 200;
const LOOKUP_CHUNK = 5_000;
const AUDITED_CHANGES = 50;
// Decimal numbers as clients and CSV writers print them; not Number(), which takes "", "0x1f", "Infinity".
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const ZFeedbackItem = z
  .object({
    predictionId: z.string({ error: (i) => (i.input === undefined ? "predictionId is required" : "predictionId must be a string") }).trim().min(1, "predictionId is empty").max(200, "predictionId is longer than 200 characters"),
    actual: z.union([z.string(), z.number(), z.boolean()], { error: (i) => (i.input === undefined ? "actual is required" : "actual must be a string, a number or a boolean") }).transform(String),
  })
  .strict();

// POST /api/v1/feedback (JSON): `{ items: [{ predictionId, actual }] }`, or one `{ predictionId, actual }`.
export const ZFeedbackBody = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) && !("items" in v) ? { items: [v] } : v),
  z.object({
    items: z.array(ZFeedbackItem, { error: "items must be an array of { predictionId, actual }" })
      .min(1, "items is empty: send at least one { predictionId, actual }")
      .max(FEEDBACK_MAX_ITEMS, `items has more than ${FEEDBACK_MAX_ITEMS.toLocaleString("en")} entries: split the submission, or upload a CSV`),
  }).strict(),
);

/** Where an item came from: its index in `items` (JSON), or its data row and line (CSV; row 1 is the first after the header). */
export type TFeedbackRef = { item?: number; row?: number; line?: number };
export type TFeedbackInput = { predictionId: string; actual: string; ref: TFeedbackRef };
export type TFeedbackProblem = TFeedbackRef & { predictionId: string; column?: "prediction_id" | "actual"; reason: string };

type TPrediction = { id: string; modelId: string; versionId: string; teamId: string };
type TVersionRule = { number: number; modelName: string; regression: boolean; classes: string[] };

/**
 * Records ground truth for prediction ids, per item one of: created; unchanged (the same value
 * again: submitting twice is harmless); updated (a different value, reported and audited with the
 * old one); unknown (no such prediction, including one of a team the caller is not in: no leak);
 * invalid (a label that is not one of the version's classes, a non-number for a regressor, an id
 * given twice with different values). Valid items are applied in one transaction with one audit
 * event per model: all of them or, on an infrastructure error, none.
 */
export async function recordFeedback(actor: TActor, items: TFeedbackInput[], opts: { source: "api" | "csv"; rejected?: TFeedbackProblem[] }) {
  if (teamsWhere(actor, "feedback.write").length === 0) {
    throw new AppError("forbidden", "Your role does not allow recording ground truth in any of your teams");
  }
  const invalid: TFeedbackProblem[] = [...(opts.rejected ?? [])];
  const unknown: (TFeedbackRef & { predictionId: string })[] = [];
  let unchanged = 0;

  // One value per prediction id: repeats of the same value are idempotent, different values are ambiguous.
  const byId = new Map<string, TFeedbackInput[]>();
  for (const item of items) {
    const normalised = { ...item, predictionId: item.predictionId.trim(), actual: item.actual.trim() };
    const list = byId.get(normalised.predictionId);
    if (list) list.push(normalised); else byId.set(normalised.predictionId, [normalised]);
  }
  const candidates: TFeedbackInput[] = [];
  for (const [id, list] of byId) {
    if (new Set(list.map((i) => i.actual)).size > 1) {
      const where = list.map((i) => describeRef(i.ref)).join(", ");
      for (const i of list) invalid.push({ ...i.ref, predictionId: id, column: "actual", reason: `the prediction id is given ${list.length} times with different actual values (${where})` });
      continue;
    }
    candidates.push(list[0]);
    unchanged += list.length - 1;
  }

  const predictions = await loadPredictions(candidates.map((c) => c.predictionId));
  const forbiddenTeams = new Set<string>();
  const known: { input: TFeedbackInput; prediction: TPrediction }[] = [];
  for (const input of candidates) {
    const p = predictions.get(input.predictionId);
    if (!p || !membershipOf(actor, p.teamId)) unknown.push({ ...input.ref, predictionId: input.predictionId });
    else if (!can(actor, "feedback.write", p.teamId)) forbiddenTeams.add(membershipOf(actor, p.teamId)!.teamSlug);
    else known.push({ input, prediction: p });
  }
  if (forbiddenTeams.size) {
    throw new AppError("forbidden", `Your role in ${[...forbiddenTeams].sort().join(", ")} does not allow recording ground truth; nothing was recorded`);
  }

  const rules = await loadVersionRules([...new Set(known.map((k) => k.prediction.versionId))]);
  const accepted: { predictionId: string; actual: string; ref: TFeedbackRef; prediction: TPrediction }[] = [];
  for (const { input, prediction } of known) {
    const checked = checkActual(input.actual, rules.get(prediction.versionId)!);
    if ("reason" in checked) invalid.push({ ...input.ref, predictionId: input.predictionId, column: "actual", reason: checked.reason });
    else accepted.push({ predictionId: input.predictionId, actual: checked.actual, ref: input.ref, prediction });
  }

  const outcome = accepted.length ? await apply(actor, accepted, opts.source, rules) : { created: 0, updated: [] as TChange[], unchanged: 0, vanished: [] as string[] };
  const vanished = new Set(outcome.vanished);
  for (const a of accepted) if (vanished.has(a.predictionId)) unknown.push({ ...a.ref, predictionId: a.predictionId });
  const byRef = (a: TFeedbackRef, b: TFeedbackRef) => (a.item ?? a.row ?? 0) - (b.item ?? b.row ?? 0);

  return {
    received: items.length + (opts.rejected?.length ?? 0),
    created: outcome.created,
    updated: outcome.updated.length,
    unchanged: unchanged + outcome.unchanged,
    unknown: unknown.sort(byRef),
    invalid: invalid.sort(byRef),
    changes: outcome.updated.map(({ predictionId, from, to }) => ({ predictionId, from, to })),
  };
}
export type TFeedbackResult = Awaited<ReturnType<typeof recordFeedback>>;

type TChange = { predictionId: string; modelId: string; from: string | null; to: string };

async function apply(actor: TActor, accepted: { predictionId: string; actual: string; prediction: TPrediction }[], source: string, rules: Map<string, TVersionRule>) {
  const ids = accepted.map((a) => a.predictionId);
  const actuals = accepted.map((a) => a.actual);
  return db.$transaction(async (tx) => {
    // `old` sees the rows as they were before this statement; xmax = 0 marks a row the upsert inserted.
    // A prediction purged since it was looked up is skipped by the join (reported unknown). A row a
    // concurrent submission inserted with the same value is not in `old` but is not written either:
    // unchanged, like any repeat.
    const rows = await tx.$queryRaw<{ prediction_id: string; written: boolean; inserted: boolean | null; previous: string | null; known: boolean }[]>`
      WITH input AS (
        SELECT * FROM unnest(${ids}::text[], ${actuals}::text[]) AS t(prediction_id, actual)
      ), old AS (
        SELECT f.prediction_id, f.actual FROM feedback f JOIN input i ON i.prediction_id = f.prediction_id
      ), up AS (
        INSERT INTO feedback (prediction_id, actual, source, created_by_id, created_at, updated_at)
        SELECT i.prediction_id, i.actual, ${source}, ${actor.userId}, now(), now()
        FROM input i JOIN prediction_logs p ON p.id = i.prediction_id
        ON CONFLICT (prediction_id) DO UPDATE SET actual = EXCLUDED.actual, source = EXCLUDED.source, updated_at = now()
        WHERE feedback.actual IS DISTINCT FROM EXCLUDED.actual
        RETURNING prediction_id, (xmax = 0) AS inserted
      )
      SELECT i.prediction_id, (up.prediction_id IS NOT NULL) AS written, up.inserted, old.actual AS previous, (p.id IS NOT NULL) AS known
      FROM input i LEFT JOIN up ON up.prediction_id = i.prediction_id LEFT JOIN old ON old.prediction_id = i.prediction_id
        LEFT JOIN prediction_logs p ON p.id = i.prediction_id`;
    const byId = new Map(accepted.map((a) => [a.predictionId, a]));
    let created = 0;
    let unchanged = 0;
    const updated: TChange[] = [];
    const vanished: string[] = [];
    const perModel = new Map<string, { teamId: string; created: number; updated: TChange[]; unchanged: number }>();
    for (const r of rows) {
      const a = byId.get(r.prediction_id)!;
      const m = perModel.get(a.prediction.modelId) ?? { teamId: a.prediction.teamId, created: 0, updated: [], unchanged: 0 };
      perModel.set(a.prediction.modelId, m);
      if (r.written && r.inserted) { created += 1; m.created += 1; }
      else if (r.written) { const c = { predictionId: r.prediction_id, modelId: a.prediction.modelId, from: r.previous, to: a.actual }; updated.push(c); m.updated.push(c); }
      else if (r.known) { unchanged += 1; m.unchanged += 1; }
      else vanished.push(r.prediction_id);
    }
    for (const [modelId, m] of perModel) {
      if (m.created === 0 && m.updated.length === 0) continue;
      const versions = [...new Set(accepted.filter((a) => a.prediction.modelId === modelId).map((a) => a.prediction.versionId))];
      await appendAuditEvent(tx, {
        actor, teamId: m.teamId, action: "feedback.recorded", subjectType: "model", subjectId: modelId,
        after: {
          model: rules.get(versions[0])?.modelName, source, created: m.created, updated: m.updated.length, unchanged: m.unchanged,
          changes: m.updated.slice(0, AUDITED_CHANGES).map(({ predictionId, from, to }) => ({ predictionId, from, to })),
          ...(m.updated.length > AUDITED_CHANGES ? { changesOmitted: m.updated.length - AUDITED_CHANGES } : {}),
        },
      });
    }
    return { created, updated, unchanged, vanished };
  }, { timeout: 120_000, maxWait: 10_000 });
}

async function loadPredictions(ids: string[]): Promise<Map<string, TPrediction>> {
  const out = new Map<string, TPrediction>();
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const rows = await db.predictionLog.findMany({
      where: { id: { in: ids.slice(i, i + LOOKUP_CHUNK) } },
      select: { id: true, modelId: true, versionId: true, model: { select: { teamId: true } } },
    });
    for (const r of rows) out.set(r.id, { id: r.id, modelId: r.modelId, versionId: r.versionId, teamId: r.model.teamId });
  }
  return out;
}

async function loadVersionRules(versionIds: string[]): Promise<Map<string, TVersionRule>> {
  const rows = await db.modelVersion.findMany({
    where: { id: { in: versionIds } },
    select: { id: true, number: true, labelClasses: true, featureSchema: true, model: { select: { name: true, task: true } } },
  });
  return new Map(rows.map((v) => {
    const schema = v.featureSchema as TFeatureSchemaDto | null;
    return [v.id, { number: v.number, modelName: v.model.name, regression: v.model.task === "REGRESSION", classes: schema?.labelClasses?.length ? schema.labelClasses : v.labelClasses }];
  }));
}

function checkActual(actual: string, rule: TVersionRule): { actual: string } | { reason: string } {
  const who = `${rule.modelName} v${rule.number}`;
  if (actual === "") return { reason: "actual is empty" };
  if (actual.length > MAX_ACTUAL_CHARS) return { reason: `actual is longer than ${MAX_ACTUAL_CHARS} characters` };
  if (rule.regression) {
    // Stored in canonical form so that "3.50" after "3.5" is unchanged, not an update.
    return NUMBER.test(actual) && Number.isFinite(Number(actual)) ? { actual: String(Number(actual)) } : { reason: `'${clip(actual)}' is not a number: ${who} is a regressor` };
  }
  if (rule.classes.length === 0 || rule.classes.includes(actual)) return { actual };
  // "1.0" for the class "1", as a CSV writer may print an integer label.
  if (NUMBER.test(actual)) {
    const same = rule.classes.find((c) => NUMBER.test(c) && Number(c) === Number(actual));
    if (same !== undefined) return { actual: same };
  }
  const listed = rule.classes.length > 20 ? `${rule.classes.slice(0, 20).join(", ")}, … (${rule.classes.length} in all)` : rule.classes.join(", ");
  return { reason: `'${clip(actual)}' is not a class of ${who}: expected one of ${listed}` };
}

function describeRef(ref: TFeedbackRef): string {
  if (ref.row !== undefined) return `row ${ref.row}`;
  if (ref.item !== undefined) return `item ${ref.item}`;
  return "?";
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
