import { Readable } from "node:stream";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, login, open, shot } from "@/test/e2e/browser";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { db } from "@/lib/db";
import { createDatasetFromFile } from "@/lib/datasets/upload-dataset";
import { registerModel } from "@/lib/models/register-model";
import { buildHeavyClassifier } from "@/lib/onnx/build/heavy-classifier";
import { createRng } from "@/lib/onnx/demo/prng";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";

// The demo models score thousands of rows in milliseconds, too fast to watch a progress bar. This
// model spends ~0.45 s per 1,024-row batch on one core (320 residual blocks of width 256), so 14,000
// rows take about 6 s of scoring; the latency profile that follows (41 batches of 1,024 rows among
// others) keeps the run RUNNING, its bar at 100 %, for about 25 s more.
const COEF = [0.9, -0.7, 0.6, -0.5, 0.4, 0.3, -0.2, 0.1];
const FEATURES = COEF.map((_, i) => `sensor_${i + 1}`);
const INTERCEPT = -0.2;
const DEPTH = 320;
const ROWS = 14_000;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

// Labels drawn from the model's wide part, so its ROC AUC is well above chance (about 0.8).
function datasetCsv(): string {
  const rng = createRng(20_240_601);
  const lines = [[...FEATURES, "label"].join(",")];
  for (let i = 0; i < ROWS; i++) {
    const x = COEF.map(() => Number(rng.normal().toFixed(3)));
    const logit = x.reduce((s, v, j) => s + v * COEF[j], INTERCEPT);
    lines.push([...x.map((v) => v.toFixed(3)), String(rng.bernoulli(1 / (1 + Math.exp(-logit))))].join(","));
  }
  return `${lines.join("\n")}\n`;
}

// `detail` carries a failed run's message, so that a poll that times out says why.
type TRunView = { status: string | null; now: number; max: number; text: string; label: string; visible: boolean; detail: string };

// One read of the newest run's item, so that status, bar and text come from the same render. It does
// not wait for the item: before the first refetch shows the run, status is null.
function readRun(page: Page): Promise<TRunView> {
  return page.evaluate(() => {
    const li = document.querySelector("[data-evaluation]");
    const bar = li?.querySelector<HTMLElement>('[role="progressbar"]');
    const labelId = bar?.getAttribute("aria-labelledby");
    return {
      status: li?.getAttribute("data-status") ?? null,
      now: Number(bar?.getAttribute("aria-valuenow") ?? Number.NaN),
      max: Number(bar?.getAttribute("aria-valuemax") ?? Number.NaN),
      text: bar?.getAttribute("aria-valuetext") ?? "",
      label: (labelId && document.getElementById(labelId)?.textContent) || "",
      visible: Boolean(bar && bar.offsetWidth > 0 && bar.offsetHeight > 0),
      detail: li && !bar ? (li.textContent ?? "").slice(0, 500) : "",
    };
  });
}

describe("evaluation progress in the browser", () => {
  it("a data scientist watches a long evaluation's progress (rows, rows/s, ETA), then sees it succeed", async () => {
    const t = await makeTeamWithRoles();
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("slow-scorer"), task: "BINARY" });
    const bytes = buildHeavyClassifier({ featureNames: FEATURES, coefficients: COEF, intercept: INTERCEPT, depth: DEPTH });
    const received = await receiveToTemp(Readable.from([Buffer.from(bytes)]), 4 * 1024 * 1024);
    const { versionId } = await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...received, filename: "slow-scorer.onnx" }, {
      features: FEATURES, labelClasses: ["0", "1"], positiveClass: "1",
      notes: `wide-and-deep classifier, ${DEPTH} residual blocks: deliberately slow to score`,
    });
    // The e2e worker process runs intake.
    await expect.poll(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).intakeStatus, { timeout: 90_000, interval: 250 }).toBe("PASSED");

    const csv = Buffer.from(datasetCsv());
    expect(csv.length).toBeLessThan(2 * 1024 * 1024);
    const datasetName = uniq("sensor-holdout");
    const receivedCsv = await receiveToTemp(Readable.from([csv]), 2 * 1024 * 1024);
    await createDatasetFromFile(t.ds.actor, { team: t.team.slug, name: datasetName, labelColumn: "label", modelId: model.id, role: "evaluation" }, { ...receivedCsv, filename: "sensor-holdout.csv" });

    const page = await login(browser, t.ds.email, t.ds.password);
    await open(page, `/versions/${versionId}`);
    await page.getByRole("button", { name: "Evaluate" }).click();

    // Mid-run: a determinate "Scoring" bar strictly between 0 and 100 %, with rows done, rows/s and an ETA.
    const progress = /^([\d,]+) of 14,000 rows · [\d,]+ rows\/s · about \d+ s left$/;
    let seen = await readRun(page);
    await expect.poll(async () => (seen = await readRun(page)), { timeout: 120_000, interval: 100 }).toSatisfy((r: TRunView) =>
      r.status === "RUNNING" && r.visible && r.label === "Scoring" && r.max === ROWS && r.now > 0 && r.now < ROWS && progress.test(r.text));
    // Clicking Evaluate scrolled the page; a full-page shot would draw the sticky header (and the
    // off-screen skip link) halfway down.
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "evaluation-progress");
    expect(Number(progress.exec(seen.text)![1].replaceAll(",", ""))).toBe(seen.now);

    // The bar moves on while the run is still going (scoring, then the latency profile at 100 %).
    const before = seen.now;
    await expect.poll(() => readRun(page), { timeout: 120_000, interval: 200 }).toSatisfy((r: TRunView) => r.status !== "RUNNING" || r.now > before);

    await page.locator('[data-evaluation][data-status="SUCCEEDED"]').waitFor({ timeout: 240_000 });
    expect(await page.getByRole("progressbar").count()).toBe(0);
    const rowsEvaluated = page.getByLabel("Latency and resource profile").locator("div", { hasText: "Rows evaluated" }).locator("dd");
    expect(await rowsEvaluated.innerText()).toBe("14,000");
    expect(Number(await page.locator('[data-metric="roc_auc"] dd').innerText())).toBeGreaterThan(0.7);
    await page.context().close();
  }, 360_000);
});
