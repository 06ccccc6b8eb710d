import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, login, open, shot } from "@/test/e2e/browser";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { db } from "@/lib/db";
import { registerModel } from "@/lib/models/register-model";
import { makeDemoModels, type TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { createDatasetFromFile } from "@/lib/datasets/upload-dataset";
import { startEvaluation } from "@/lib/evaluation/start-evaluation";
import { requestPromotion } from "@/lib/promotions/request-promotion";
import { decidePromotion } from "@/lib/promotions/decide-promotion";
import { promote } from "@/lib/promotions/promote";
import { waitFor } from "@/test/helpers/wait-for";

// The executive's what-if journey: land on the executive overview, open a production model's
// what-if, move the threshold and watch the value and the monthly confusion matrix follow (with no
// request to the server), compare with the candidate, save the scenario and reopen it by its URL;
// every page visited shows no control that changes a model. An approver then attaches the scenario
// to the candidate's promotion request as business evidence.
let browser: Browser;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;
let dir: string;
let manifest: TDemoManifest;
const fraud = { id: "", name: "", v1: "", v2: "" };
const demand = { id: "", v1: "" };
let routingId: string;

// Controls that change a model, stage, policy or data: none may be on a page an executive sees.
const CHANGES_A_MODEL = /^(upload|evaluate|retry|request (production|staging)|approve|reject|promote|roll back|edit (gate )?policy|save policy|edit serving|withdraw request|attach|add a schedule|upload ground truth|register model|try it|send)/i;

// Workers and promotions take a while here: two minutes, polled every 250 ms.
const until = <T>(fn: () => Promise<T | null | false>, what: string, ms = 120_000) => waitFor(fn, what, ms, 250);

async function setUpModel(name: string) {
  const demo = manifest.models.find((m) => m.name === name)!;
  const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq(name), task: demo.task, description: demo.description });
  const versions: string[] = [];
  for (const v of demo.versions) {
    const received = await receiveToTemp(createReadStream(path.join(dir, v.file)), 10 * 1024 * 1024);
    versions.push((await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...received, filename: v.file }, v.metadata)).versionId);
  }
  const csv = await receiveToTemp(createReadStream(path.join(dir, demo.datasets.evaluation)), 10 * 1024 * 1024);
  await createDatasetFromFile(t.ds.actor, { team: t.team.slug, name: uniq(`${name}-holdout`), labelColumn: demo.datasets.labelColumn, modelId: model.id, role: "evaluation" }, { ...csv, filename: demo.datasets.evaluation });
  for (const id of versions) {
    await until(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id } })).intakeStatus === "PASSED", "intake");
    await startEvaluation(t.ds.actor, { versionId: id });
  }
  for (const id of versions) {
    await until(async () => {
      const run = await db.evaluationRun.findFirst({ where: { versionId: id }, orderBy: { createdAt: "desc" }, select: { status: true, error: true } });
      if (run?.status === "FAILED") throw new Error(`evaluation failed: ${run.error}`);
      return run?.status === "SUCCEEDED";
    }, "an evaluation");
  }
  return { model, versions };
}

async function assertNoModelChanges(page: Page, where: string) {
  for (const role of ["button", "link"] as const) {
    const names = await page.getByRole(role).evaluateAll((els) => els.map((e) => (e.getAttribute("aria-label") || e.textContent || "").trim()));
    const offending = names.filter((n) => CHANGES_A_MODEL.test(n));
    expect(offending, `${role}s that change a model on ${where}`).toEqual([]);
  }
  expect(await page.locator('input[type="file"]').count(), `file inputs on ${where}`).toBe(0);
}

// Full-page screenshots from the top, with nothing focused (a focused box scrolls the page).
async function snap(page: Page, name: string) {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await shot(page, name);
}

const figure = (page: Page, id: string) => page.locator(`[data-figure="${id}"] [data-value]`).first().innerText();
const cell = (page: Page, id: string) => page.locator(`[data-confusion] [data-cell="${id}"] [data-value]`).innerText();

beforeAll(async () => {
  browser = await launch();
  t = await makeTeamWithRoles();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-e2e-whatif-"));
  manifest = await makeDemoModels(dir);
  const f = await setUpModel("card-fraud");
  Object.assign(fraud, { id: f.model.id, name: f.model.name, v1: f.versions[0], v2: f.versions[1] });
  const first = await requestPromotion(t.ds.actor, fraud.v1, { targetStage: "PRODUCTION", comment: "first cut" });
  await decidePromotion(t.approver.actor, first.id, { decision: "approve" });
  await promote(t.approver.actor, first.id);
  await requestPromotion(t.ds.actor, fraud.v2, { targetStage: "PRODUCTION", comment: "all eight features" });
  const d = await setUpModel("demand-forecast");
  Object.assign(demand, { id: d.model.id, v1: d.versions[0] });
  routingId = (await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("routing"), task: "MULTICLASS" })).id;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe("executive what-if", () => {
  let scenarioUrl = "";
  let savedValue = "";

  it("lands on the overview, moves the threshold, compares with the candidate and saves a scenario", async () => {
    const page = await login(browser, t.exec.email, t.exec.password);
    await page.waitForURL(/\/executive$/);
    const card = page.locator(`[data-model="${fraud.name}"]`);
    await card.waitFor();
    expect(await card.innerText()).toMatch(/v1 in production[\s\S]*Net value per month[\s\S]*meets its gates[\s\S]*1 open/);
    await snap(page, "whatif-executive-landing");
    await assertNoModelChanges(page, "the executive overview");

    await card.getByRole("link", { name: "Open the what-if" }).click();
    await page.waitForURL(new RegExp(`/models/${fraud.id}/whatif`));
    await page.waitForLoadState("networkidle");
    await page.locator('[data-figure="value-per-month"]').waitFor();
    // After the page's data arrived, nothing more is fetched while the numbers move.
    const whatifCalls: string[] = [];
    page.on("request", (r) => { if (r.url().includes("/whatif")) whatifCalls.push(r.url()); });

    for (const [key, value] of [["volume", "50000"], ["valueTruePositive", "200"], ["costFalsePositive", "5"], ["costFalseNegative", "200"], ["costReview", "2"], ["reviewCapacity", "3000"], ["retrainingCost", "20000"]]) {
      await page.locator(`#whatif-${key}`).fill(value);
    }
    await expect.poll(() => figure(page, "value-per-month")).toMatch(/^-?\$[\d,]+$/);
    const before = { value: await figure(page, "value-per-month"), caught: await cell(page, "caught"), flagged: await page.locator("[data-flagged] [data-value]").innerText() };
    expect(await page.locator("#whatif-prevalence").inputValue()).toMatch(/^\d+(\.\d+)?$/);
    await snap(page, "whatif-initial");

    // Drag the slider down to about 0.15: more cases flagged, more caught, another value.
    const slider = page.locator("#whatif-threshold-slider");
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.15, box.y + box.height / 2);
    await expect.poll(() => page.getByLabel("Decision threshold (exact)").inputValue()).not.toBe("0.5");
    const threshold = Number(await page.getByLabel("Decision threshold (exact)").inputValue());
    expect(threshold).toBeGreaterThan(0.05);
    expect(threshold).toBeLessThan(0.3);
    await expect.poll(() => figure(page, "value-per-month")).not.toBe(before.value);
    expect(await cell(page, "caught")).not.toBe(before.caught);
    const flaggedAfter = await page.locator("[data-flagged] [data-value]").innerText();
    expect(Number(flaggedAfter.replaceAll(",", ""))).toBeGreaterThan(Number(before.flagged.replaceAll(",", "")));
    // The keyboard moves it too, one step of 0.001 at a time.
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.getByLabel("Decision threshold (exact)").inputValue()).toBe(String(Math.round((threshold + 0.001) * 1000) / 1000));
    expect(whatifCalls).toEqual([]);
    await page.locator("[data-formula] summary").click();
    expect(await page.locator("[data-formula]").innerText()).toMatch(/EV\(t\) = N·\[π·TPR\(t\)·vTP/);
    await snap(page, "whatif-threshold-moved");

    // Compare with the candidate: one fetch for v2's curve, then the uplift.
    await page.getByRole("button", { name: /^Compare with v2/ }).click();
    await page.locator('[data-figure="uplift"]').waitFor();
    expect(await page.locator('[data-figure="uplift"]').innerText()).toMatch(/^Switching from v1 to v2 (adds|costs) \$[\d,]+ a month at threshold 0\.\d+, and [+-]?\$[\d,]+ a month with each at its own best threshold\.$/);
    expect(await page.locator("[data-compare] [data-version]").count()).toBe(2);
    expect(await page.locator('[data-chart="value-vs-threshold"] .recharts-line').count()).toBe(2);
    expect(await page.locator('[data-cadence] [data-best]').count()).toBe(1);
    await snap(page, "whatif-compare");

    // Exports: the numbers as CSV, a chart as PNG.
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^whatif-card-fraud-.*\.csv$/);
    const csvText = await fs.readFile((await csv.path())!, "utf8");
    expect(csvText.split("\r\n")[0]).toBe("section,item,version,value,unit");
    expect(csvText).toContain("input,Decisions per month,,50000,decisions / month");
    expect(csvText).toMatch(/comparison,uplift per month at the threshold set,v2 − v1,/);
    const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download Net value per month by threshold as PNG" }).click()]);
    expect(png.suggestedFilename()).toMatch(/value-by-threshold\.png$/);
    const bytes = await fs.readFile((await png.path())!);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.length).toBeGreaterThan(10_000);
    await fs.writeFile(path.resolve(import.meta.dirname, "..", "..", "screenshots", "whatif-exported-chart.png"), bytes);

    // Save it under a name: the URL becomes the scenario's.
    savedValue = await figure(page, "value-per-month");
    await page.getByRole("button", { name: "Save scenario" }).click();
    await page.getByLabel("Scenario name").fill("Q3 plan: lower threshold");
    await page.getByRole("dialog").getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/\?scenario=/);
    scenarioUrl = new URL(page.url()).pathname + new URL(page.url()).search;
    await page.locator("[data-share-link]").waitFor();
    await page.getByRole("list", { name: "Saved scenarios" }).getByText("Q3 plan: lower threshold").waitFor();
    await assertNoModelChanges(page, "the what-if");
    await snap(page, "whatif-saved");
    await page.context().close();
  });

  it("reopens the scenario by its URL with the same numbers", async () => {
    const page = await login(browser, t.exec.email, t.exec.password);
    await open(page, scenarioUrl);
    await page.locator('[data-figure="value-per-month"]').waitFor();
    expect(await page.locator("[data-scenario-open]").innerText()).toContain("Q3 plan: lower threshold");
    expect(await page.locator("#whatif-valueTruePositive").inputValue()).toBe("200");
    expect(await page.locator("#whatif-volume").inputValue()).toBe("50000");
    expect(await figure(page, "value-per-month")).toBe(savedValue);
    expect(await page.locator("[data-compare] [data-version]").count()).toBe(2);
    await assertNoModelChanges(page, "the reopened scenario");
    await snap(page, "whatif-scenario-reopened");

    // The model and version pages an executive can reach from here show no control that changes a model either.
    await open(page, `/models/${fraud.id}`);
    await page.getByRole("link", { name: "What-if" }).waitFor();
    await assertNoModelChanges(page, "the model page");
    await open(page, `/versions/${fraud.v2}`);
    await page.locator("[data-request]").waitFor();
    await assertNoModelChanges(page, "the candidate's version page");
    await page.context().close();
  });

  it("shows a regressor's cost of error, and says multiclass is not covered yet", async () => {
    const page = await login(browser, t.exec.email, t.exec.password);
    await open(page, `/models/${demand.id}/whatif`);
    await page.locator('[data-figure="cost-per-month"]').waitFor();
    const before = await figure(page, "cost-per-month");
    await page.locator("#whatif-costUnder").fill("4");
    await expect.poll(() => figure(page, "cost-per-month")).not.toBe(before);
    await page.getByLabel("Compare with").selectOption({ index: 0 });
    await snap(page, "whatif-regression");
    await open(page, `/models/${routingId}/whatif`);
    await page.getByText("What-if is not available for this model yet").waitFor();
    expect(await page.getByText(/multiclass model/).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it("an approver attaches the scenario to the candidate's promotion request", async () => {
    const page = await login(browser, t.approver.email, t.approver.password);
    await open(page, `/versions/${fraud.v2}`);
    const evidence = page.locator("[data-request] [data-request-scenarios]");
    await evidence.getByRole("button", { name: "Attach scenario" }).click();
    await evidence.locator("[data-attached-scenario]").waitFor();
    expect(await evidence.innerText()).toMatch(/Q3 plan: lower threshold[\s\S]*v1: \$[\d,-]+ a month at threshold 0\.\d+[\s\S]*Uplift of v2 over v1: [+-]?\$[\d,]+ a month/);
    await snap(page, "whatif-attached-evidence");
    expect(await db.promotionScenario.count({ where: { scenario: { modelId: fraud.id } } })).toBe(1);
    await page.context().close();
  });
});
