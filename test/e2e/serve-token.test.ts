import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDemoModels } from "@/lib/onnx/demo/make-demo-models";
import { launch, login, open, serveUrl, shot } from "@/test/e2e/browser";
import { makeTeamWithRoles } from "@/test/helpers/factories";
import { routes } from "@/lib/routes";
import { setStages, uploadModel } from "@/test/helpers/serve-setup";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("online prediction with a token made in the UI", () => {
  it("a data scientist creates a prediction-only token with a rate limit and gets predictions from serve with it", async () => {
    const t = await makeTeamWithRoles();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-e2e-serve-"));
    const demo = (await makeDemoModels(dir)).models.find((m) => m.name === "card-fraud")!;
    const v2 = demo.versions[1];
    // Intake runs in the suite's worker process.
    const model = await uploadModel(t.ds.actor, { id: t.team.id, slug: t.team.slug }, "BINARY", [{ bytes: new Uint8Array(await fs.readFile(path.join(dir, v2.file))), metadata: v2.metadata }]);
    await fs.rm(dir, { recursive: true, force: true });
    await setStages({ [model.versionIds[0]]: "PRODUCTION" });

    const page = await login(browser, t.ds.email, t.ds.password);
    await open(page, "/settings/tokens");
    const form = page.getByRole("form", { name: "Create a token" });
    await form.getByLabel("Name").fill("checkout-service");
    await form.getByLabel("Control-plane API").uncheck();
    await form.getByLabel("Online prediction").check();
    await form.getByLabel("Rate limit (requests per second)").fill("25");
    await form.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByLabel("New API token").innerText()).trim().match(/mg_[A-Za-z0-9_-]+/)![0];
    const row = page.getByRole("table", { name: "API tokens" }).getByRole("row").filter({ hasText: "checkout-service" });
    await row.getByText("Predict · 25/s").waitFor();
    expect(await row.getByText("API", { exact: true }).count()).toBe(0);
    await shot(page, "token-predict-scope");

    const rows = [Object.fromEntries(v2.metadata.features.map((f, i) => [f, i + 0.5]))];
    const res = await fetch(`${serveUrl()}/v1/models/${t.team.slug}/${model.name}/predict`, {
      method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ rows }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-modelgate-version")).toBe("1");
    const body = (await res.json()) as { version: { number: number; stage: string }; predictions: { id: string; label: string; score: number }[] };
    expect(body.version).toMatchObject({ number: 1, stage: "PRODUCTION" });
    expect(body.predictions[0].label).toMatch(/^[01]$/);

    // The version page lists what serve logged, and its "Try it" form sends one more row through serve.
    await open(page, routes.version(model.versionIds[0]));
    const recent = page.getByRole("table", { name: "Recent predictions" });
    await expect.poll(() => recent.innerText(), { timeout: 15_000 }).toContain(body.predictions[0].id.slice(0, 8));
    const tryIt = page.getByRole("form", { name: "Try it" });
    for (const [i, f] of v2.metadata.features.entries()) await tryIt.getByLabel(f, { exact: true }).fill(String(i + 0.5));
    await tryIt.getByRole("button", { name: "Predict" }).click();
    const answer = tryIt.getByRole("region", { name: "Prediction", exact: true });
    await answer.waitFor();
    expect(await answer.innerText()).toContain("by v1 (production)");
    expect(await answer.innerText()).toMatch(/Score\s+\d/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "serve-try-it");
    await page.context().close();
  });
});
