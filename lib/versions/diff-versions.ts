import type { TDim, TFeature, TValueInfo } from "@/lib/onnx/types";

// What changed between two versions of a model, for the compare view: the interface a caller feeds
// (graph inputs and outputs, declared features) and the metadata the uploader gave. Pure functions
// over what intake stored, so the browser and the API show the same diff.

export type TChange<T> =
  | { kind: "added"; name: string; after: T }
  | { kind: "removed"; name: string; before: T }
  | { kind: "changed"; name: string; before: T; after: T; what: string[] };

export type TTensorSummary = { elemType: string; shape: string };
export type TSignatureDiff = { inputs: TChange<TTensorSummary>[]; outputs: TChange<TTensorSummary>[]; features: TChange<string>[] };

export function shapeText(v: Pick<TValueInfo, "shape" | "shapeKnown">): string {
  if (!v.shapeKnown) return "?";
  return `[${v.shape.map(dimText).join(", ")}]`;
}

function dimText(d: TDim): string {
  return d === null ? "?" : String(d);
}

function summarize(v: TValueInfo): TTensorSummary {
  return { elemType: v.elemType, shape: shapeText(v) };
}

/** Changes from `before` to `after`, by name, in `after`'s order with removals last. */
export function diffByName<T>(before: { name: string; value: T }[], after: { name: string; value: T }[], describe: (a: T, b: T) => string[]): TChange<T>[] {
  const old = new Map(before.map((x) => [x.name, x.value]));
  const changes: TChange<T>[] = [];
  for (const { name, value } of after) {
    if (!old.has(name)) {
      changes.push({ kind: "added", name, after: value });
      continue;
    }
    const what = describe(old.get(name)!, value);
    if (what.length) changes.push({ kind: "changed", name, before: old.get(name)!, after: value, what });
  }
  const kept = new Set(after.map((x) => x.name));
  for (const { name, value } of before) if (!kept.has(name)) changes.push({ kind: "removed", name, before: value });
  return changes;
}

const tensorChanges = (a: TTensorSummary, b: TTensorSummary) => [
  ...(a.elemType !== b.elemType ? [`type ${a.elemType} → ${b.elemType}`] : []),
  ...(a.shape !== b.shape ? [`shape ${a.shape} → ${b.shape}`] : []),
];

export function diffSignatures(
  before: { inputs: TValueInfo[]; outputs: TValueInfo[]; features: TFeature[] },
  after: { inputs: TValueInfo[]; outputs: TValueInfo[]; features: TFeature[] },
): TSignatureDiff {
  const tensors = (xs: TValueInfo[]) => xs.map((x) => ({ name: x.name, value: summarize(x) }));
  const features = (xs: TFeature[]) => xs.map((f) => ({ name: f.name, value: f.type }));
  return {
    inputs: diffByName(tensors(before.inputs), tensors(after.inputs), tensorChanges),
    outputs: diffByName(tensors(before.outputs), tensors(after.outputs), tensorChanges),
    features: diffByName(features(before.features), features(after.features), (a, b) => (a !== b ? [`type ${a} → ${b}`] : [])),
  };
}

/** A metadata field shown in the compare table: its label and each version's value as text. */
export type TMetadataRow = { key: string; label: string; values: (string | null)[]; differs: boolean };

export function metadataRows(fields: { key: string; label: string }[], versions: Record<string, unknown>[]): TMetadataRow[] {
  return fields.map(({ key, label }) => {
    const values = versions.map((v) => valueText(v[key]));
    return { key, label, values, differs: new Set(values).size > 1 };
  });
}

/** Parameters are compared key by key, so a changed learning rate is its own row. */
export function paramRows(versions: (Record<string, unknown> | null)[]): TMetadataRow[] {
  const keys = [...new Set(versions.flatMap((p) => (p ? Object.keys(p) : [])))].sort();
  return metadataRows(keys.map((k) => ({ key: `params.${k}`, label: k })), versions.map((p) => Object.fromEntries(keys.map((k) => [`params.${k}`, p?.[k]]))));
}

function valueText(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (Array.isArray(v)) return v.length ? v.map(String).join(", ") : null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
