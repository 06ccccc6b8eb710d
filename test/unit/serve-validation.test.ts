import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { parseJsonBody } from "@/lib/serving/parse-json-body";
import type { TServingFeature } from "@/lib/serving/types";
import { validateRows } from "@/lib/serving/validate-rows";

const FEATURES: TServingFeature[] = [
  { name: "amount", kind: "float32" },
  { name: "count", kind: "int64" },
  { name: "country", kind: "string" },
];

function problems(body: unknown, maxRows = 10): { code: string; message: string; details: { path: string; message: string }[] } {
  try {
    validateRows(body, FEATURES, maxRows);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { code: e.code, message: e.message, details: e.details as { path: string; message: string }[] };
  }
  throw new Error("expected the rows to be refused");
}

describe("validateRows", () => {
  it("returns valid rows as they are", () => {
    const rows = [{ amount: 12.5, count: 3, country: "FR" }, { amount: -1, count: 0, country: "" }];
    expect(validateRows({ rows }, FEATURES, 10)).toBe(rows);
  });

  it("names every missing, unknown and mistyped feature by row and field", () => {
    const p = problems({ rows: [{ amount: 1, count: 2, country: "DE" }, { amount: "12", country: 5, colour: "red" }] });
    expect(p.code).toBe("invalid_input");
    expect(p.details).toEqual([
      { path: "rows[1].amount", message: 'expected a number (float32), got text "12"' },
      { path: "rows[1].count", message: "missing: the model needs this feature (a number, int64)" },
      { path: "rows[1].country", message: "expected text, got 5" },
      { path: "rows[1].colour", message: "unknown feature 'colour'; the model takes amount, count, country" },
    ]);
    expect(p.message).toBe('Invalid input: rows[1].amount: expected a number (float32), got text "12" (and 3 more problems)');
  });

  it("refuses NaN, Infinity, values past float32 and non-integers for integer inputs", () => {
    const p = problems({ rows: [{ amount: NaN, count: 1, country: "x" }, { amount: Infinity, count: 1.5, country: "x" }, { amount: 1e39, count: 2 ** 60, country: "x" }] });
    expect(p.details.map((d) => d.path)).toEqual(["rows[0].amount", "rows[1].amount", "rows[1].count", "rows[2].amount", "rows[2].count"]);
    expect(p.details[0].message).toMatch(/NaN is not a finite number/);
    expect(p.details[1].message).toMatch(/Infinity is not a finite number/);
    expect(p.details[2].message).toMatch(/expected an integer/);
    expect(p.details[3].message).toMatch(/out of range for float32/);
  });

  it("checks the body's shape: an object with a non-empty rows array of objects, nothing else", () => {
    expect(problems([]).details).toEqual([{ path: "", message: expect.stringMatching(/must be a JSON object/) }]);
    expect(problems({}).details).toEqual([{ path: "rows", message: expect.stringMatching(/rows is required/) }]);
    expect(problems({ rows: {} }).details[0].path).toBe("rows");
    expect(problems({ rows: [] }).details[0].message).toMatch(/empty/);
    expect(problems({ rows: [{ amount: 1, count: 1, country: "x" }], extra: 1 }).details[0]).toEqual({ path: "extra", message: expect.stringMatching(/unknown field/) });
    expect(problems({ rows: [null, [1]] }).details.map((d) => d.path)).toEqual(["rows[0]", "rows[1]"]);
  });

  it("answers 413 past the row limit, before looking at any row", () => {
    const p = problems({ rows: Array.from({ length: 11 }, () => ({})) }, 10);
    expect(p.code).toBe("payload_too_large");
    expect(p.details).toEqual([{ path: "rows", message: "at most 10 rows per request" }]);
  });

  it("keeps the error short however many rows are wrong", () => {
    const p = problems({ rows: Array.from({ length: 500 }, () => ({ amount: "x", count: 1, country: "x" })) }, 1000);
    expect(p.details).toHaveLength(50);
    expect(p.message).toMatch(/\(and 499 more problems\)$/);
  });

  it("does not let an own __proto__ key through", () => {
    const p = problems(JSON.parse('{"rows":[{"amount":1,"count":1,"country":"x","__proto__":{"polluted":1}}]}'));
    expect(p.details[0].path).toBe("rows[0].__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("parseJsonBody", () => {
  it("parses JSON", () => {
    expect(parseJsonBody('{"rows":[{"a":1}]}')).toEqual({ rows: [{ a: 1 }] });
  });

  it("reads Python's bare NaN and Infinity as numbers so validation can name the field", () => {
    const body = parseJsonBody('{"rows":[{"amount":NaN,"count":-Infinity,"country":"NaN Infinity"},{"amount":Infinity}]}') as { rows: Record<string, unknown>[] };
    expect(body.rows[0].amount).toBeNaN();
    expect(body.rows[0].count).toBe(-Infinity);
    expect(body.rows[0].country).toBe("NaN Infinity");
    expect(body.rows[1].amount).toBe(Infinity);
    expect(problems(body).details[0]).toEqual({ path: "rows[0].amount", message: "NaN is not a finite number; the model needs a finite float32" });
  });

  it("refuses malformed JSON with a 400 that says so", () => {
    for (const text of ['{"rows": [', "not json", '{"rows":[{"a":NaNx}]}', ""]) {
      try {
        parseJsonBody(text);
        throw new Error(`accepted ${text}`);
      } catch (e) {
        expect(isAppError(e) && e.code).toBe("invalid_input");
        expect((e as Error).message).toMatch(/^The body is not valid JSON/);
      }
    }
  });
});
