import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { invalidInput, notFound } from "@/lib/errors";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_WINDOW_MS = 7 * UNIT_MS.d;
const SERIES_BUCKETS = 30;
const TOP_LABELS = 10;
// Decimal numbers only: a cast of anything else would abort the whole query.
const NUMERIC_SQL = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$";

type TGroupRow = {
  version_id: string; number: number; role: "CHAMPION" | "CHALLENGER"; requests: number; served: number;
  mean_score: number | null; mean_value: number | null; p50: number | null; p95: number | null;
  with_feedback: number; correct: number | null; labelled: number; abs_error: number | null; valued: number;
};
type TLabelRow = { version_id: string; role: string; label: string; n: number };
type TPairRow = { champion_id: string; challenger_id: string; pairs: number; labelled: number; agree: number; score_diff: number | null; value_diff: number | null };
type TSeriesRow = { b: number; role: "CHAMPION" | "CHALLENGER"; n: number; latency: number | null };

/**
 * GET /api/v1/models/{id}/serving/compare?window=1h: champion and challenger on live traffic, from
 * the (sampled) prediction log of the window. Per version and role: requests, mean score or value,
 * label distribution, latency p50/p95 and, where ground truth exists, accuracy (classifiers) or MAE
 * (regressors). Ground truth belongs to a row, not to one prediction: feedback given for the
 * champion's prediction id also scores the shadow challenger's prediction of the same row
 * (the challenger row's shadowOfId). Paired rows give the agreement rate. Everything is aggregated in PostgreSQL.
 */
export async function compareLive(actor: TActor, modelId: string, opts: { window?: string | null; now?: Date }) {
  const window = parseWindow(opts.window);
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { id: true, task: true, teamId: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.teamId, "Model");
  const until = opts.now ?? new Date();
  const since = new Date(until.getTime() - window.ms);
  const bucketMs = window.ms / SERIES_BUCKETS;

  const [groups, labels, pairs, series] = await Promise.all([
    db.$queryRaw<TGroupRow[]>`SELECT p.version_id, v.number, p.role::text AS role,
         count(*)::int AS requests,
         count(*) FILTER (WHERE p.served)::int AS served,
         avg(CASE WHEN jsonb_typeof(p.output->'score') = 'number' THEN (p.output->>'score')::float8 END) AS mean_score,
         avg(CASE WHEN jsonb_typeof(p.output->'value') = 'number' THEN (p.output->>'value')::float8 END) AS mean_value,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY p.latency_ms) AS p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY p.latency_ms) AS p95,
         count(t.actual)::int AS with_feedback,
         avg(CASE WHEN t.actual IS NOT NULL AND p.output->>'label' IS NOT NULL THEN (p.output->>'label' = t.actual)::int END) AS correct,
         count(*) FILTER (WHERE t.actual IS NOT NULL AND p.output->>'label' IS NOT NULL)::int AS labelled,
         avg(CASE WHEN t.actual ~ ${NUMERIC_SQL} AND jsonb_typeof(p.output->'value') = 'number' THEN abs((p.output->>'value')::float8 - t.actual::float8) END) AS abs_error,
         count(*) FILTER (WHERE t.actual ~ ${NUMERIC_SQL} AND jsonb_typeof(p.output->'value') = 'number')::int AS valued
       FROM prediction_logs p
       JOIN model_versions v ON v.id = p.version_id
       LEFT JOIN LATERAL (
         -- Ground truth of the row: this prediction's own, else the served prediction it shadowed, else a shadow's.
         SELECT c.actual FROM (
           SELECT f.actual, 0 AS pick FROM feedback f WHERE f.prediction_id = p.id
           UNION ALL SELECT f.actual, 1 FROM feedback f WHERE f.prediction_id = p.shadow_of_id
           UNION ALL SELECT f.actual, 2 FROM prediction_logs q JOIN feedback f ON f.prediction_id = q.id WHERE q.shadow_of_id = p.id
         ) c ORDER BY c.pick LIMIT 1
       ) t ON true
       WHERE p.model_id = ${model.id} AND p.created_at >= ${since}::timestamp AND p.created_at <= ${until}::timestamp
       GROUP BY p.version_id, v.number, p.role
       ORDER BY p.role, v.number DESC`,
    db.$queryRaw<TLabelRow[]>`SELECT p.version_id, p.role::text AS role, p.output->>'label' AS label, count(*)::int AS n
       FROM prediction_logs p
       WHERE p.model_id = ${model.id} AND p.created_at >= ${since}::timestamp AND p.created_at <= ${until}::timestamp AND p.output->>'label' IS NOT NULL
       GROUP BY 1, 2, 3 ORDER BY n DESC, label LIMIT 2000`,
    db.$queryRaw<TPairRow[]>`SELECT c.version_id AS champion_id, h.version_id AS challenger_id, count(*)::int AS pairs,
         count(*) FILTER (WHERE c.output->>'label' IS NOT NULL AND h.output->>'label' IS NOT NULL)::int AS labelled,
         count(*) FILTER (WHERE c.output->>'label' = h.output->>'label')::int AS agree,
         avg(abs((c.output->>'score')::float8 - (h.output->>'score')::float8))
           FILTER (WHERE jsonb_typeof(c.output->'score') = 'number' AND jsonb_typeof(h.output->'score') = 'number') AS score_diff,
         avg(abs((c.output->>'value')::float8 - (h.output->>'value')::float8))
           FILTER (WHERE jsonb_typeof(c.output->'value') = 'number' AND jsonb_typeof(h.output->'value') = 'number') AS value_diff
       FROM prediction_logs c
       JOIN prediction_logs h ON h.shadow_of_id = c.id AND h.role = 'CHALLENGER'
       WHERE c.model_id = ${model.id} AND c.role = 'CHAMPION' AND c.created_at >= ${since}::timestamp AND c.created_at <= ${until}::timestamp
       GROUP BY 1, 2 ORDER BY pairs DESC`,
    db.$queryRaw<TSeriesRow[]>`SELECT floor((extract(epoch FROM p.created_at) * 1000 - ${since.getTime()}) / ${bucketMs})::int AS b, p.role::text AS role,
         count(*)::int AS n, avg(p.latency_ms) AS latency
       FROM prediction_logs p
       WHERE p.model_id = ${model.id} AND p.created_at >= ${since}::timestamp AND p.created_at <= ${until}::timestamp
       GROUP BY 1, 2 ORDER BY 1`,
  ]);

  const classifier = model.task !== "REGRESSION";
  const numbers = new Map<string, number>(groups.map((g) => [g.version_id, g.number]));
  const versions = groups.map((g) => ({
    versionId: g.version_id,
    number: g.number,
    role: g.role,
    requests: g.requests,
    served: g.served,
    meanScore: num(g.mean_score),
    meanValue: num(g.mean_value),
    labels: labels.filter((l) => l.version_id === g.version_id && l.role === g.role).slice(0, TOP_LABELS).map((l) => ({ label: l.label, count: l.n, share: l.n / g.requests })),
    latencyMs: { p50: num(g.p50), p95: num(g.p95) },
    withFeedback: g.with_feedback,
    accuracy: classifier && g.labelled > 0 ? num(g.correct) : null,
    mae: !classifier && g.valued > 0 ? num(g.abs_error) : null,
  }));

  const points = Array.from({ length: SERIES_BUCKETS }, (_, b) => ({ at: new Date(since.getTime() + b * bucketMs).toISOString(), champion: 0, challenger: 0, championLatencyMs: null as number | null, challengerLatencyMs: null as number | null }));
  for (const s of series) {
    const point = points[Math.min(Math.max(s.b, 0), SERIES_BUCKETS - 1)];
    if (s.role === "CHAMPION") { point.champion += s.n; point.championLatencyMs = num(s.latency); } else { point.challenger += s.n; point.challengerLatencyMs = num(s.latency); }
  }

  return {
    window: window.text,
    since: since.toISOString(),
    until: until.toISOString(),
    task: model.task,
    versions,
    agreement: pairs.map((p) => ({
      champion: { versionId: p.champion_id, number: numbers.get(p.champion_id) ?? null },
      challenger: { versionId: p.challenger_id, number: numbers.get(p.challenger_id) ?? null },
      pairs: p.pairs,
      // Classifiers: same label; regressors: how far apart the values are on average.
      labelAgreement: p.labelled > 0 ? p.agree / p.labelled : null,
      meanAbsScoreDiff: num(p.score_diff),
      meanAbsValueDiff: num(p.value_diff),
    })),
    series: { bucketMs, points },
  };
}
export type TLiveComparison = Awaited<ReturnType<typeof compareLive>>;

// "15m", "1h", "7d": minutes, hours or days, from one minute to seven days.
function parseWindow(raw: string | null | undefined): { text: string; ms: number } {
  const text = (raw ?? "1h").trim();
  const m = /^(\d{1,4})(m|h|d)$/.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : NaN;
  if (!m || !(ms >= UNIT_MS.m) || ms > MAX_WINDOW_MS) {
    throw invalidInput(`window must be a duration like 15m, 1h, 24h or 7d (minutes, hours or days; from 1m to 7d), not '${text.slice(0, 40)}'`, [
      { path: "window", message: "a duration from 1m to 7d, like 15m, 1h or 7d" },
    ]);
  }
  return { text, ms };
}

// PostgreSQL averages of float8 come back as numbers; of ints, as strings or Decimals: normalise.
function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
