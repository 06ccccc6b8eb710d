import { describe, expect, it } from "vitest";
import { diffByName, diffSignatures, metadataRows, paramRows, shapeText } from "@/lib/versions/diff-versions";
import { deltaDirection, formatDelta } from "@/lib/metrics/metric-info";
import type { TValueInfo } from "@/lib/onnx/types";

const tensor = (name: string, elemType: string, shape: (number | string | null)[], shapeKnown = true): TValueInfo => ({ name, elemType, isTensor: true, shape, shapeKnown });

describe("signature diff", () => {
  it("lists added, removed and changed inputs, outputs and features", () => {
    const before = { inputs: [tensor("x", "float32", [null, 5]), tensor("region", "string", [null, 1])], outputs: [tensor("probabilities", "float32", [null, 2])], features: [{ name: "a", type: "float32" }, { name: "b", type: "float32" }] };
    const after = { inputs: [tensor("x", "float64", [null, 6])], outputs: [tensor("probabilities", "float32", [null, 2]), tensor("label", "int64", [null])], features: [{ name: "a", type: "float64" }, { name: "c", type: "float32" }] };
    const d = diffSignatures(before, after);
    expect(d.inputs).toEqual([
      { kind: "changed", name: "x", before: { elemType: "float32", shape: "[?, 5]" }, after: { elemType: "float64", shape: "[?, 6]" }, what: ["type float32 → float64", "shape [?, 5] → [?, 6]"] },
      { kind: "removed", name: "region", before: { elemType: "string", shape: "[?, 1]" } },
    ]);
    expect(d.outputs).toEqual([{ kind: "added", name: "label", after: { elemType: "int64", shape: "[?]" } }]);
    expect(d.features).toEqual([
      { kind: "changed", name: "a", before: "float32", after: "float64", what: ["type float32 → float64"] },
      { kind: "added", name: "c", after: "float32" },
      { kind: "removed", name: "b", before: "float32" },
    ]);
  });

  it("finds nothing between identical signatures, and prints unknown shapes as ?", () => {
    const s = { inputs: [tensor("x", "float32", ["N", 3])], outputs: [], features: [] };
    expect(diffSignatures(s, s)).toEqual({ inputs: [], outputs: [], features: [] });
    expect(shapeText(tensor("x", "float32", [], false))).toBe("?");
    expect(shapeText(tensor("x", "float32", []))).toBe("[]");
    expect(diffByName([{ name: "a", value: 1 }], [{ name: "a", value: 2 }], () => [])).toEqual([]);
  });
});

describe("metadata rows", () => {
  it("marks the rows whose values differ and prints lists, dates and empties plainly", () => {
    const rows = metadataRows(
      [{ key: "gitCommit", label: "Git commit" }, { key: "labelClasses", label: "Classes" }, { key: "createdAt", label: "At" }, { key: "notes", label: "Notes" }],
      [
        { gitCommit: "abc", labelClasses: ["0", "1"], createdAt: new Date("2026-01-01T00:00:00Z"), notes: "" },
        { gitCommit: "def", labelClasses: ["0", "1"], createdAt: new Date("2026-01-01T00:00:00Z"), notes: null },
      ],
    );
    expect(rows).toEqual([
      { key: "gitCommit", label: "Git commit", values: ["abc", "def"], differs: true },
      { key: "labelClasses", label: "Classes", values: ["0, 1", "0, 1"], differs: false },
      { key: "createdAt", label: "At", values: ["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"], differs: false },
      { key: "notes", label: "Notes", values: [null, null], differs: false },
    ]);
  });

  it("compares parameters key by key, a missing key being a difference", () => {
    const rows = paramRows([{ epochs: 25, l2: 0.0001 }, { epochs: 600 }, null]);
    expect(rows).toEqual([
      { key: "params.epochs", label: "epochs", values: ["25", "600", null], differs: true },
      { key: "params.l2", label: "l2", values: ["0.0001", null, null], differs: true },
    ]);
  });
});

describe("metric deltas", () => {
  it("calls a higher AUC and a lower log loss an improvement", () => {
    expect(deltaDirection("roc_auc", 0.01)).toBe(1);
    expect(deltaDirection("roc_auc", -0.01)).toBe(-1);
    expect(deltaDirection("log_loss", -0.01)).toBe(1);
    expect(deltaDirection("rmse", 2)).toBe(-1);
    expect(deltaDirection("r2", 0)).toBe(0);
    expect(formatDelta("roc_auc", -0.01234)).toBe("−0.0123");
    expect(formatDelta("mape", 0.015)).toBe("+1.50 pp");
  });
});
