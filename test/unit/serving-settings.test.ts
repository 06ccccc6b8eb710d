import { describe, expect, it } from "vitest";
import { ZServingSettings } from "@/lib/serving/serving-settings";
import { formatMs, formatShare, summariseInput } from "@/components/serving/serving-format";
import { routes } from "@/lib/routes";

const issues = (raw: unknown) => {
  const r = ZServingSettings.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("serving settings schema", () => {
  it("takes a full configuration, with or without a challenger", () => {
    expect(issues({ sampleRate: 0, retentionDays: 1, challenger: null })).toEqual([]);
    expect(issues({ sampleRate: 1, retentionDays: 3650, challenger: { versionId: "v", mode: "SHADOW" } })).toEqual([]);
    expect(issues({ sampleRate: 0.5, retentionDays: 30, challenger: { versionId: "v", mode: "CANARY", canaryShare: 1 } })).toEqual([]);
  });

  it("names each bad field", () => {
    expect(issues({ retentionDays: 30, challenger: null })).toEqual(["sampleRate: sampleRate is required"]);
    expect(issues({ sampleRate: 0.5, retentionDays: 3651, challenger: null })).toEqual(["retentionDays: retentionDays must be at most 3650 days"]);
    expect(issues({ sampleRate: 0.5, retentionDays: 30 })).toEqual(["challenger: challenger is required: { versionId, mode, canaryShare? }, or null for none"]);
    expect(issues({ sampleRate: 0.5, retentionDays: 30, challenger: { versionId: "v", mode: "CANARY" } })).toEqual([
      "challenger.canaryShare: challenger.canaryShare is required in CANARY mode: the share of traffic the challenger answers, in (0, 1]",
    ]);
    expect(issues({ sampleRate: 0.5, retentionDays: 30, challenger: { versionId: " ", mode: "SHADOW" } })).toEqual(["challenger.versionId: challenger.versionId is required"]);
  });
});

describe("serving display helpers", () => {
  it("formats shares, latencies and inputs", () => {
    expect([1, 0.25, 0.055, 0.0004, 0, 2 / 3].map(formatShare)).toEqual(["100%", "25%", "5.5%", "0.04%", "0%", "67%"]);
    expect([0.0421, 2.5, 8.9512, 123.4, null].map(formatMs)).toEqual(["0.042 ms", "2.5 ms", "8.95 ms", "123 ms", "—"]);
    expect(summariseInput({ a: 1, b: "x", c: true, d: null })).toBe("a=1, b=x, c=true +1 more");
    expect(summariseInput({})).toBe("—");
  });

  it("builds serve paths", () => {
    expect(routes.serve.predict({ team: "risk", model: "churn" })).toBe("/v1/models/risk/churn/predict");
    expect(routes.serve.predict({ team: "risk", model: "churn", stage: "staging" })).toBe("/v1/models/risk/churn/predict?stage=staging");
    expect(routes.serve.predict({ team: "risk", model: "churn", version: 3 })).toBe("/v1/models/risk/churn/versions/3/predict");
  });
});
