import { describe, expect, it } from "vitest";
import { nextRunOf, ZCreateScoringSchedule, ZUpdateScoringSchedule } from "@/lib/scoring/schedule-input";

const base = { name: "nightly", datasetId: "ds1" };

describe("scoring schedule input", () => {
  it("takes a five-field cron in an IANA time zone and computes the next run as BullMQ does", () => {
    const parsed = ZCreateScoringSchedule.parse({ ...base, cron: "0 2 * * *", timezone: "Europe/Paris" });
    expect(parsed).toEqual({ ...base, cron: "0 2 * * *", timezone: "Europe/Paris", active: true });
    // 2026-01-15 00:00 UTC → 02:00 Paris (UTC+1 in winter) is 01:00 UTC.
    const next = nextRunOf("0 2 * * *", "Europe/Paris", Date.UTC(2026, 0, 15, 0, 0));
    expect("at" in next && next.at.toISOString()).toBe("2026-01-15T01:00:00.000Z");
    expect(ZCreateScoringSchedule.parse({ ...base, cron: "30 1 * * 1-5" }).timezone).toBe("UTC");
  });

  it("names the field of a bad cron or time zone", () => {
    const issues = (raw: unknown) => ZCreateScoringSchedule.safeParse(raw).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ ...base, cron: "* * * * * *" })).toEqual([["cron", "cron must have 5 fields: minute hour day-of-month month day-of-week (e.g. '0 6 * * *' for 06:00 every day)"]]);
    expect(issues({ ...base, cron: "0 25 * * *" })?.[0][0]).toBe("cron");
    expect(issues({ ...base, cron: "0 25 * * *" })?.[0][1]).toMatch(/^'0 25 \* \* \*' is not a valid cron expression/);
    expect(issues({ ...base, cron: "0 2 * * *", timezone: "Mars/Base" })).toEqual([["timezone", "timezone must be an IANA time zone such as UTC or Europe/Paris"]]);
    expect(issues({ ...base, name: "Nightly Run", cron: "0 2 * * *" })?.[0][0]).toBe("name");
    expect(ZUpdateScoringSchedule.safeParse({}).success).toBe(false);
    expect(ZUpdateScoringSchedule.parse({ active: false })).toEqual({ active: false });
  });
});
