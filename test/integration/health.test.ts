import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { startWorkers } from "@/workers/start-workers";

describe("GET /api/health", () => {
  it("reports database, Redis, and whether any worker is alive", async () => {
    const before = await GET();
    const down = await before.json();
    expect(down.database.ok).toBe(true);
    expect(down.redis.ok).toBe(true);
    // No worker of this run's queue prefix is running yet.
    expect(down.workers).toMatchObject({ ok: false, count: 0 });
    expect(down.status).toBe("degraded");

    const workers = await startWorkers();
    try {
      const up = await (await GET()).json();
      expect(up.status).toBe("ok");
      expect(up.workers.count).toBe(1);
      expect(up.workers.queues).toEqual(["evaluate", "housekeeping", "intake", "score", "webhook"]);
    } finally {
      await workers.close();
    }
    const after = await (await GET()).json();
    expect(after.workers.count).toBe(0);
  });
});
