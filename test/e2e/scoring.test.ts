import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, login, open, shot } from "@/test/e2e/browser";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { db } from "@/lib/db";
import { registerModel } from "@/lib/models/register-model";
import { buildHeavyClassifier } from "@/lib/onnx/build/heavy-classifier";
import { createRng } from "@/lib/onnx/demo/prng";
import { getQueue } from "@/lib/queue/producers";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";

// The deliberately slow classifier of test/e2e/evaluation-progress.test.ts (~0.45 s per 1,024 rows on
// one core): 20,000 rows take about 9 s to score, long enough to watch the bar move. Batch scoring has
// no latency profile after the rows, so the job ends when the last row is written.
const COEF = [0.9, -0.7, 0.6, -0.5, 0.4, 0.3, -0.2, 0.1];
const FEATURES = COEF.map((_, i) => `sensor_${i + 1}`);
const DEPTH = 320;
const ROWS = 20_000;

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launch();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-e2e-scoring-"));
});

afterAll(async () => {
  await browser?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

// An id column the output must carry through, and a note that would be a formula in a spreadsheet.
function inputCsv(): string {
  const rng = createRng(20_261_129);
  const lines = [["reading_id", ...FEATURES, "note"].join(",")];
  for (let i = 0; i < ROWS; i++) lines.push([`r${i + 1}`, ...FEATURES.map(() => rng.normal().toFixed(3)), i === 0 ? "=SUM(A1:A9)" : "ok"].join(","));
  return `${lines.join("\n")}\n`;
}

type TJobView = { status: string | null; now: number; max: number; text: string; label: string; visible: boolean };

function readJob(page: Page): Promise<TJobView> {
  return page.evaluate(() => {
    const root = document.querySelector("[data-scoring-job]");
    const bar = root?.querySelector<HTMLElement>('[role="progressbar"]');
    const labelId = bar?.getAttribute("aria-labelledby");
    return {
      status: root?.getAttribute("data-status") ?? null,
      now: Number(bar?.getAttribute("aria-valuenow") ?? Number.NaN),
      max: Number(bar?.getAttribute("aria-valuemax") ?? Number.NaN),
      text: bar?.getAttribute("aria-valuetext") ?? "",
      label: (labelId && document.getElementById(labelId)?.textContent) || "",
      visible: Boolean(bar && bar.offsetWidth > 0 && bar.offsetHeight > 0),
    };
  });
}

describe("batch scoring in the browser", () => {
  it("a data scientist uploads a CSV, starts a job, watches its progress (rows, rows/s, ETA) and downloads the output", async () => {
    const t = await makeTeamWithRoles();
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("slow-scorer"), task: "BINARY" });
    const bytes = buildHeavyClassifier({ featureNames: FEATURES, coefficients: COEF, intercept: -0.2, depth: DEPTH });
    const received = await receiveToTemp(Readable.from([Buffer.from(bytes)]), 4 * 1024 * 1024);
    const { versionId } = await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...received, filename: "slow-scorer.onnx" }, {
      features: FEATURES, labelClasses: ["0", "1"], positiveClass: "1", notes: `wide-and-deep classifier, ${DEPTH} residual blocks: deliberately slow to score`,
    });
    await expect.poll(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).intakeStatus, { timeout: 90_000, interval: 250 }).toBe("PASSED");
    const csvPath = path.join(dir, "sensor-readings.csv");
    const csv = inputCsv();
    expect(csv.length).toBeLessThan(2 * 1024 * 1024);
    await fs.writeFile(csvPath, csv);

    const page = await login(browser, t.ds.email, t.ds.password);
    await page.getByRole("link", { name: "Scoring", exact: true }).click();
    await page.waitForURL(/\/scoring$/);
    await page.waitForLoadState("networkidle");
    const form = page.getByRole("form", { name: "New scoring job" });
    await form.getByLabel("Model").selectOption({ label: model.name });
    await expect.poll(() => form.getByLabel("Version").inputValue()).toBe(versionId);
    await form.getByLabel("Dataset", { exact: true }).selectOption({ label: "Upload a CSV…" });
    await form.locator('input[type="file"]').setInputFiles(csvPath);
    await form.getByLabel("Dataset name").fill(uniq("sensor-readings"));
    await form.getByLabel("Bad rows tolerated (%)").fill("1");
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "scoring-new-job");
    await form.getByRole("button", { name: "Start scoring" }).click();
    await page.waitForURL(/\/scoring\/[^/]+$/, { timeout: 60_000 });

    // Mid-run: a determinate "Scoring" bar strictly between 0 and 100 %, with rows, rows/s and an ETA.
    const progress = /^([\d,]+) of 20,000 rows · [\d,]+ rows\/s · about \d+ (s|min) left$/;
    let seen = await readJob(page);
    await expect.poll(async () => (seen = await readJob(page)), { timeout: 120_000, interval: 100 }).toSatisfy((r: TJobView) =>
      r.status === "RUNNING" && r.visible && r.label === "Scoring" && r.max === ROWS && r.now > 0 && r.now < ROWS && progress.test(r.text));
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "scoring-progress");
    expect(Number(progress.exec(seen.text)![1].replaceAll(",", ""))).toBe(seen.now);
    const before = seen.now;
    await expect.poll(() => readJob(page), { timeout: 120_000, interval: 200 }).toSatisfy((r: TJobView) => r.status !== "RUNNING" || r.now > before);

    await page.locator('[data-scoring-job][data-status="SUCCEEDED"]').waitFor({ timeout: 240_000 });
    expect(await page.getByRole("progressbar").count()).toBe(0);
    await expect.poll(() => page.getByText("20,000", { exact: true }).count()).toBeGreaterThan(0);
    await shot(page, "scoring-succeeded");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download output/ }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${model.name}-v1-sensor-readings-.*-scored\\.csv$`));
    const saved = path.join(dir, "output.csv");
    await download.saveAs(saved);
    const [header, ...rows] = parse(await fs.readFile(saved, "utf8")) as string[][];
    expect(header).toEqual(["reading_id", ...FEATURES, "note", "predicted_label", "score"]);
    expect(rows).toHaveLength(ROWS);
    const first = csv.split("\n")[1].split(",");
    expect(rows[0].slice(0, FEATURES.length + 1)).toEqual(first.slice(0, FEATURES.length + 1));
    expect(rows[0][FEATURES.length + 1]).toBe("'=SUM(A1:A9)");
    expect(["0", "1"]).toContain(rows[0][FEATURES.length + 2]);
    const score = Number(rows[0][FEATURES.length + 3]);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(1);
    expect(rows[0][FEATURES.length + 2]).toBe(score >= 0.5 ? "1" : "0");

    // The jobs list shows it with its output.
    await open(page, "/scoring");
    await expect.poll(() => page.locator('[data-scoring-job][data-status="SUCCEEDED"]').count()).toBe(1);
    await shot(page, "scoring-list");

    // On the model page: a recurring schedule, created, fired (as its BullMQ scheduler would at
    // 02:00 Paris time), listed with its run and output, paused, deleted.
    await db.modelVersion.update({ where: { id: versionId }, data: { stage: "PRODUCTION" } });
    await open(page, `/models/${model.id}`);
    await page.getByRole("button", { name: "Add a schedule" }).click();
    const scheduleForm = page.getByRole("form", { name: "New scoring schedule" });
    await scheduleForm.getByLabel("Name").fill("nightly");
    await scheduleForm.getByLabel("Cron").fill("0 2 * * *");
    await scheduleForm.getByLabel("Time zone").fill("Mars/Olympus");
    await scheduleForm.getByRole("button", { name: "Create schedule" }).click();
    await expect.poll(() => scheduleForm.getByText("timezone must be an IANA time zone such as UTC or Europe/Paris").count()).toBe(1);
    await scheduleForm.getByLabel("Time zone").fill("Europe/Paris");
    await scheduleForm.getByRole("button", { name: "Create schedule" }).click();
    await page.locator("[data-schedule]").waitFor();
    const schedule = await db.scoringSchedule.findFirstOrThrow({ where: { modelId: model.id } });
    expect(schedule).toMatchObject({ name: "nightly", cron: "0 2 * * *", timezone: "Europe/Paris", active: true });
    const housekeeping = getQueue("housekeeping");
    await housekeeping.add("schedule", { task: "schedule", scheduleId: schedule.id });
    await housekeeping.close();
    await expect.poll(async () => (await db.scoringJob.findFirst({ where: { scheduleId: schedule.id } }))?.status, { timeout: 120_000, interval: 250 }).toBe("SUCCEEDED");
    await open(page, `/models/${model.id}`);
    const runs = page.getByRole("list", { name: "Runs of nightly" });
    await expect.poll(() => runs.getByText("Succeeded").count()).toBe(1);
    expect(await runs.getByRole("link", { name: "output" }).count()).toBe(1);
    await page.getByRole("button", { name: "Pause nightly" }).click();
    await expect.poll(() => page.locator("[data-schedule]").getByText("Paused", { exact: true }).count()).toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "scoring-model-card");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Delete nightly" }).click();
    await expect.poll(() => page.locator("[data-schedule]").count()).toBe(0);
    expect(await db.scoringSchedule.count({ where: { modelId: model.id } })).toBe(0);
    await page.context().close();
  }, 360_000);
});
