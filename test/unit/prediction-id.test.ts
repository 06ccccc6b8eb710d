import { describe, expect, it } from "vitest";
import { newPredictionId, predictionIdTime } from "@/lib/serving/prediction-id";

describe("prediction ids (UUIDv7)", () => {
  it("are RFC 9562 version 7 UUIDs carrying their millisecond", () => {
    const at = Date.UTC(2026, 10, 30, 12, 34, 56, 789);
    const id = newPredictionId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(predictionIdTime(id)).toBe(at);
    expect(predictionIdTime("3b241101-e2bb-4255-8caf-4136c566a962")).toBeNull();
  });

  it("sort by time, and are distinct within one millisecond", () => {
    const times = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 1_800_000_000_999];
    const ids = times.map((t) => newPredictionId(t));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 10_000 }, () => newPredictionId(1_700_000_000_000)));
    expect(same.size).toBe(10_000);
  });
});
