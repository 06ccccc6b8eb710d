import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_DIR, makeFixtures } from "@/test/fixtures/make-fixtures";

describe("test/fixtures/models", () => {
  it("match what make-fixtures.ts generates, byte for byte", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "fixtures-"));
    try {
      const files = await makeFixtures(dir);
      expect(files.length).toBeGreaterThanOrEqual(11);
      for (const f of [...files, "fixtures.json"]) {
        const committed = await fs.readFile(path.join(FIXTURE_DIR, f)).catch(() => null);
        const fresh = await fs.readFile(path.join(dir, f));
        expect(committed?.equals(fresh), `${f} is missing or stale: run npx tsx test/fixtures/make-fixtures.ts`).toBe(true);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
