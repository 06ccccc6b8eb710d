import type { TCheckOutcome, TFeatureSchema, TSignature, TValueInfo } from "@/lib/onnx/types";

/**
 * Matches the features the uploader declared against the model's inputs and returns the feature
 * schema serving will validate rows against. Two tabular layouts are accepted:
 *  - "matrix": one 2-D input [N, F]; F (when fixed) must equal the number of declared features;
 *  - "columns": one input per feature, named like the features, each [N] or [N, 1].
 * With nothing declared, names come from the model's metadata_props "feature_names" (JSON array or
 * comma list), else f0..f{F-1} for a fixed-width matrix, else the input names.
 */
export function checkDeclaredFeatures(signature: TSignature, declared: string[]): TCheckOutcome<TFeatureSchema> {
  const inputs = signature.inputs;
  if (inputs.length === 0) return { ok: false, message: "the model has no inputs" };
  const fromMetadata = parseFeatureNames(signature.metadataProps.feature_names);

  const only = inputs.length === 1 ? inputs[0] : null;
  if (only && only.shapeKnown && only.shape.length === 2 && !(declared.length > 0 && isColumnMatch(only, declared))) {
    return matrix(only, declared, fromMetadata);
  }
  return columns(inputs, declared);
}

function matrix(input: TValueInfo, declared: string[], fromMetadata: string[] | null): TCheckOutcome<TFeatureSchema> {
  const width = typeof input.shape[1] === "number" ? input.shape[1] : null;
  let names: string[];
  let source: string;
  if (declared.length > 0) {
    if (width !== null && width !== declared.length) {
      return {
        ok: false,
        message: `declared ${declared.length} feature${declared.length === 1 ? "" : "s"} but input '${input.name}' has width ${width}`,
        details: { declared: declared.length, width, input: input.name },
      };
    }
    names = declared;
    source = "declared";
  } else if (fromMetadata) {
    if (width !== null && width !== fromMetadata.length) {
      return {
        ok: false,
        message: `the model's metadata lists ${fromMetadata.length} feature_names but input '${input.name}' has width ${width}`,
        details: { metadata: fromMetadata.length, width, input: input.name },
      };
    }
    names = fromMetadata;
    source = "metadata_props feature_names";
  } else if (width !== null) {
    names = Array.from({ length: width }, (_, i) => `f${i}`);
    source = "generated (f0…)";
  } else {
    return {
      ok: false,
      message: `input '${input.name}' has a dynamic width (${String(input.shape[1])}), so the number of features is unknown: declare the feature names`,
      details: { input: input.name },
    };
  }
  return {
    ok: true,
    message: `${names.length} feature${names.length === 1 ? "" : "s"} (${source}) in one [N, ${names.length}] input '${input.name}'`,
    value: { layout: "matrix", inputName: input.name, features: names.map((name) => ({ name, type: input.elemType })) },
    details: { source },
  };
}

function columns(inputs: TValueInfo[], declared: string[]): TCheckOutcome<TFeatureSchema> {
  const notColumns = inputs.filter((i) => !isColumnShape(i));
  if (notColumns.length > 0) {
    const parts = notColumns.map((i) => `'${i.name}' has shape [${i.shape.map((d) => d ?? "?").join(", ")}]${i.shapeKnown ? "" : " (unknown rank)"}`);
    const layoutHint = inputs.length === 1 ? "one [N, F] input" : "one [N] or [N, 1] input per feature";
    return {
      ok: false,
      message: `the inputs do not form a table: ${parts.join("; ")}; expected ${layoutHint}`,
      details: { inputs: notColumns.map((i) => ({ name: i.name, shape: i.shape })) },
    };
  }
  if (declared.length > 0) {
    const inputNames = new Set(inputs.map((i) => i.name));
    const declaredSet = new Set(declared);
    const missing = declared.filter((d) => !inputNames.has(d));
    const extra = inputs.map((i) => i.name).filter((n) => !declaredSet.has(n));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [];
      if (missing.length > 0) parts.push(`declared features with no input of that name: ${missing.join(", ")}`);
      if (extra.length > 0) parts.push(`model inputs not declared: ${extra.join(", ")}`);
      return {
        ok: false,
        message: `declared ${declared.length} feature${declared.length === 1 ? "" : "s"} but the model has ${inputs.length} input${inputs.length === 1 ? "" : "s"} (one per feature) that do not match: ${parts.join("; ")}`,
        details: { missing, extra },
      };
    }
  }
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const ordered = declared.length > 0 ? declared.map((d) => byName.get(d)!) : inputs;
  return {
    ok: true,
    message: `${ordered.length} feature${ordered.length === 1 ? "" : "s"}, one input each`,
    value: { layout: "columns", features: ordered.map((i) => ({ name: i.name, type: i.elemType })) },
  };
}

function isColumnShape(i: TValueInfo): boolean {
  if (!i.isTensor || !i.shapeKnown) return false;
  if (i.shape.length === 1) return true;
  return i.shape.length === 2 && (i.shape[1] === 1 || i.shape[1] === null || typeof i.shape[1] === "string");
}

// An [N, 1] input named like the single declared feature is the "columns" layout, not a 1-wide matrix.
function isColumnMatch(input: TValueInfo, declared: string[]): boolean {
  return declared.length === 1 && declared[0] === input.name && isColumnShape(input);
}

function parseFeatureNames(raw: string | undefined): string[] | null {
  if (!raw || raw.trim() === "") return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((x) => typeof x === "string" || typeof x === "number")) {
      return parsed.map(String);
    }
  } catch {
    // Not JSON: a comma-separated list, the other form exporters write.
  }
  const names = raw.split(",").map((s) => s.trim()).filter(Boolean);
  return names.length > 0 ? names : null;
}
