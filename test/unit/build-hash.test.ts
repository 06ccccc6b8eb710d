import { describe, expect, it } from "vitest";
import { digestEntries, isUpToDate } from "@/scripts/lib/hash";

// The skip logic of `npm start` / `npm test` (prisma generate, next build): skip only when the
// output exists and its inputs hash to the stored value.
describe("digestEntries", () => {
  const a = { path: "app/page.tsx", content: "export default 1" };
  const b = { path: "lib/env.ts", content: Buffer.from("const x = 2") };

  it("does not depend on the order files were found in", () => {
    expect(digestEntries([a, b])).toBe(digestEntries([b, a]));
  });

  it("changes when a file's content, a file's name or the extra inputs change", () => {
    const base = digestEntries([a, b], ["prisma@7.10.0"]);
    expect(digestEntries([{ ...a, content: "export default 2" }, b], ["prisma@7.10.0"])).not.toBe(base);
    expect(digestEntries([{ ...a, path: "app/other.tsx" }, b], ["prisma@7.10.0"])).not.toBe(base);
    expect(digestEntries([a, b], ["prisma@7.11.0"])).not.toBe(base);
    expect(digestEntries([a], ["prisma@7.10.0"])).not.toBe(base);
  });

  it("keeps file boundaries: moving bytes from one file to the next changes the digest", () => {
    const one = digestEntries([{ path: "x", content: "ab" }, { path: "y", content: "c" }]);
    const two = digestEntries([{ path: "x", content: "a" }, { path: "y", content: "bc" }]);
    expect(one).not.toBe(two);
  });
});

describe("isUpToDate", () => {
  it("skips only when the output exists and the stored hash matches", () => {
    expect(isUpToDate({ stored: "abc", current: "abc", outputExists: true })).toBe(true);
    expect(isUpToDate({ stored: "abc\n", current: "abc", outputExists: true })).toBe(true);
    expect(isUpToDate({ stored: "abc", current: "abd", outputExists: true })).toBe(false);
    expect(isUpToDate({ stored: null, current: "abc", outputExists: true })).toBe(false);
    expect(isUpToDate({ stored: "abc", current: "abc", outputExists: false })).toBe(false);
  });
});
