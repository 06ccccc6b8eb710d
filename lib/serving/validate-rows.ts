import { AppError } from "@/lib/errors";
import type { TFeatureKind, TServingFeature, TValidRow } from "@/lib/serving/types";

type TIssue = { path: string; message: string };

const MAX_DETAILS = 50;
const FLOAT32_MAX = 3.4028234663852886e38;
const INT32 = { min: -2147483648, max: 2147483647 };

/**
 * Checks a predict body `{ "rows": [ { feature: value, … } ] }` against a version's features before
 * onnxruntime sees any of it: every feature present, none unknown, each value of the input's type
 * (finite, within the element type's range; integers for integer inputs; text for text inputs).
 * Throws 400 with one detail per problem (`rows[3].amount`), or 413 past `maxRows`. Returns the rows
 * themselves: nothing is copied on the hot path.
 */
export function validateRows(body: unknown, features: TServingFeature[], maxRows: number): TValidRow[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid([{ path: "", message: 'the body must be a JSON object like { "rows": [ { "feature": value, … } ] }' }]);
  }
  let extra: string[] | null = null;
  for (const k in body) {
    if (k !== "rows" && Object.hasOwn(body, k)) (extra ??= []).push(k);
  }
  const rows = (body as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) {
    throw invalid([{ path: "rows", message: rows === undefined ? "rows is required: an array of objects, one per row" : "rows must be an array of objects, one per row" }]);
  }
  if (extra) throw invalid(extra.slice(0, MAX_DETAILS).map((k) => ({ path: k, message: `unknown field '${k}'; the body holds only "rows"` })));
  if (rows.length === 0) throw invalid([{ path: "rows", message: "rows is empty: send at least one row" }]);
  if (rows.length > maxRows) {
    throw new AppError("payload_too_large", `rows: ${rows.length.toLocaleString("en-US")} rows; at most ${maxRows.toLocaleString("en-US")} per request`, {
      details: [{ path: "rows", message: `at most ${maxRows.toLocaleString("en-US")} rows per request` }],
    });
  }

  // Issues are collected only once a row has one: a valid body allocates nothing here.
  let found: TFound | null = null;
  const known = knownNames(features);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown;
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      found = report(found, `rows[${i}]`, `must be an object of feature values, not ${describe(row)}`);
      continue;
    }
    const values = row as Record<string, unknown>;
    for (let j = 0; j < features.length; j++) {
      const f = features[j];
      const problem = checkValue(values[f.name], f.kind, Object.hasOwn(values, f.name));
      if (problem) found = report(found, `rows[${i}].${f.name}`, problem);
    }
    for (const key in values) {
      if (!known.has(key)) found = report(found, `rows[${i}].${key}`, `unknown feature '${key}'; the model takes ${listFeatures(features)}`);
    }
  }
  if (found) throw invalid(found.issues, found.more);
  return rows as TValidRow[];
}

type TFound = { issues: TIssue[]; more: number };

function report(found: TFound | null, path: string, message: string): TFound {
  const f = found ?? { issues: [], more: 0 };
  if (f.issues.length < MAX_DETAILS) f.issues.push({ path, message });
  else f.more++;
  return f;
}

// A version's feature list lives as long as its session: its name set is built once, not per request.
const knownByFeatures = new WeakMap<TServingFeature[], Set<string>>();

function knownNames(features: TServingFeature[]): Set<string> {
  let known = knownByFeatures.get(features);
  if (!known) {
    known = new Set(features.map((f) => f.name));
    knownByFeatures.set(features, known);
  }
  return known;
}

function checkValue(v: unknown, kind: TFeatureKind, present: boolean): string | null {
  if (kind === "string") {
    if (typeof v === "string") return null;
    return !present ? "missing: the model needs this feature (text)" : `expected text, got ${describe(v)}`;
  }
  if (typeof v !== "number") {
    if (!present) return `missing: the model needs this feature (a number, ${kind})`;
    return `expected a number (${kind}), got ${describe(v)}`;
  }
  if (!Number.isFinite(v)) return `${String(v)} is not a finite number; the model needs a finite ${kind}`;
  if (kind === "float32" && Math.abs(v) > FLOAT32_MAX) return `${v} is out of range for float32 (at most ±3.4e38)`;
  if (kind === "int32" && (!Number.isInteger(v) || v < INT32.min || v > INT32.max)) return `expected an integer between ${INT32.min} and ${INT32.max} (int32), got ${v}`;
  if (kind === "int64" && !Number.isSafeInteger(v)) return `expected an integer between ±9007199254740991 (int64 as JSON number), got ${v}`;
  return null;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "number") return String(v);
  return typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}

function listFeatures(features: TServingFeature[]): string {
  const names = features.slice(0, 12).map((f) => f.name).join(", ");
  return features.length > 12 ? `${names}, … (${features.length} features)` : names;
}

function invalid(details: TIssue[], more = 0): AppError {
  const first = details[0];
  const where = first.path ? `${first.path}: ` : "";
  const rest = details.length - 1 + more;
  const message = `Invalid input: ${where}${first.message}${rest > 0 ? ` (and ${rest} more problem${rest === 1 ? "" : "s"})` : ""}`;
  return new AppError("invalid_input", message, { details });
}
