import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, login, open, shot } from "@/test/e2e/browser";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { db } from "@/lib/db";
import { registerModel } from "@/lib/models/register-model";
import { makeDemoModels } from "@/lib/onnx/demo/make-demo-models";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { createDatasetFromFile } from "@/lib/datasets/upload-dataset";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("evaluation in the browser", () => {
  it("a data scientist uploads a CSV, attaches it, evaluates a version and sees its metrics", async () => {
    const t = await makeTeamWithRoles();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-e2e-eval-"));
    const manifest = await makeDemoModels(dir);
    const demo = manifest.models.find((m) => m.name === "lead-scoring")!;
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("leads"), task: demo.task });
    const received = await receiveToTemp(createReadStream(path.join(dir, demo.versions[0].file)), 10 * 1024 * 1024);
    const { versionId } = await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...received, filename: demo.versions[0].file }, demo.versions[0].metadata);
    // The e2e worker process runs intake.
    for (let i = 0; i < 300 && (await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).intakeStatus !== "PASSED"; i++) await new Promise((r) => setTimeout(r, 200));

    const page = await login(browser, t.ds.email, t.ds.password);
    await open(page, "/datasets");
    const upload = page.getByRole("form", { name: "Upload a dataset" });
    await upload.locator('input[type="file"]').setInputFiles(path.join(dir, demo.datasets.evaluation));
    const datasetName = uniq("holdout");
    await upload.getByLabel("Name").fill(datasetName);
    await upload.getByLabel("Label column").selectOption(demo.datasets.labelColumn);
    await upload.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("heading", { name: datasetName, level: 1 }).waitFor();
    await shot(page, "dataset-uploaded");

    await open(page, `/models/${model.id}`);
    const attach = page.getByRole("form", { name: "Attach a dataset" });
    await attach.getByLabel("Dataset", { exact: true }).selectOption({ label: `${datasetName} (2,000 rows)` });
    await attach.getByRole("button", { name: "Attach" }).click();
    await page.getByRole("list", { name: "Attached datasets" }).getByText(datasetName).waitFor();

    await open(page, `/versions/${versionId}`);
    await page.getByRole("button", { name: "Evaluate" }).click();
    await page.locator('[data-evaluation][data-status="SUCCEEDED"]').waitFor({ timeout: 90_000 });
    const auc = await page.locator('[data-metric="roc_auc"] dd').innerText();
    expect(Number(auc)).toBeCloseTo(demo.versions[0].evaluationMetrics.roc_auc, 3);
    expect(await page.getByRole("list", { name: "Latency and resource profile" }).count() + await page.getByLabel("Latency and resource profile").count()).toBeGreaterThan(0);
    await page.locator("[data-charts=binary] .recharts-line").first().waitFor();
    await shot(page, "version-evaluated");

    // A dataset with a label the model does not know: the failure names row and column, and Retry
    // starts a new run.
    const csv = await fs.readFile(path.join(dir, demo.datasets.evaluation), "utf8");
    const badPath = path.join(dir, "bad-labels.csv");
    await fs.writeFile(badPath, csv.replace(/,(lost|won)\n/, ",maybe\n"));
    const badName = uniq("bad");
    const received2 = await receiveToTemp(createReadStream(badPath), 10 * 1024 * 1024);
    await createDatasetFromFile(t.ds.actor, { team: t.team.slug, name: badName, labelColumn: demo.datasets.labelColumn, modelId: model.id, role: "evaluation" }, { ...received2, filename: "bad-labels.csv" });
    await open(page, `/versions/${versionId}`);
    await page.getByLabel("Dataset").selectOption({ label: `${badName} (2,000 rows)` });
    await page.getByRole("button", { name: "Evaluate" }).click();
    const failed = page.locator('[data-evaluation][data-status="FAILED"]');
    await failed.first().waitFor({ timeout: 90_000 });
    expect(await failed.first().innerText()).toMatch(/row 1, column 'converted': label 'maybe' is not one of the model's classes/);
    await failed.first().getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => failed.count(), { timeout: 90_000 }).toBe(2);
    await page.context().close();
  });

  it("a data scientist compares two evaluated versions: metric deltas, both ROC curves, the signature diff", async () => {
    const t = await makeTeamWithRoles();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-e2e-compare-"));
    const manifest = await makeDemoModels(dir);
    const demo = manifest.models.find((m) => m.name === "card-fraud")!;
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("fraud"), task: demo.task });
    const versionIds: string[] = [];
    for (const v of demo.versions) {
      const received = await receiveToTemp(createReadStream(path.join(dir, v.file)), 10 * 1024 * 1024);
      versionIds.push((await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...received, filename: v.file }, v.metadata)).versionId);
    }
    const csv = await receiveToTemp(createReadStream(path.join(dir, demo.datasets.evaluation)), 10 * 1024 * 1024);
    await createDatasetFromFile(t.ds.actor, { team: t.team.slug, name: uniq("holdout"), labelColumn: demo.datasets.labelColumn, modelId: model.id, role: "evaluation" }, { ...csv, filename: demo.datasets.evaluation });

    const page = await login(browser, t.ds.email, t.ds.password);
    for (const versionId of versionIds) {
      for (let i = 0; i < 300 && (await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).intakeStatus !== "PASSED"; i++) await new Promise((r) => setTimeout(r, 200));
      await open(page, `/versions/${versionId}`);
      await page.getByRole("button", { name: "Evaluate" }).click();
      await page.locator('[data-evaluation][data-status="SUCCEEDED"]').waitFor({ timeout: 90_000 });
    }

    await open(page, `/models/${model.id}`);
    await page.locator("[data-chart=metric-history] .recharts-line").waitFor();
    await page.getByRole("link", { name: "Compare 2 versions" }).click();
    await page.getByRole("heading", { name: "Compare v1 · v2" }).waitFor();
    const auc = page.locator('[data-metric-row="roc_auc"]');
    expect(await auc.locator('[data-version="1"]').innerText()).toContain(demo.versions[0].evaluationMetrics.roc_auc.toFixed(4));
    expect(await auc.locator('[data-version="2"] [data-delta]').getAttribute("data-delta")).toBe("better");
    await expect.poll(() => page.locator("[data-chart=overlaid-roc] .recharts-line").count()).toBe(2);
    const signature = page.getByRole("region", { name: "Signature of v2 against v1" });
    expect(await signature.locator('[data-change="added"]').count()).toBe(3);
    expect(await page.locator("[data-differs]").filter({ hasText: "epochs" }).count()).toBe(1);
    await shot(page, "compare-versions");

    // Deltas against v2 instead: v1's AUC is now the worse one.
    await page.getByLabel("Deltas against").selectOption("2");
    await page.waitForURL(/base=2/);
    await expect.poll(() => auc.locator('[data-version="1"] [data-delta]').getAttribute("data-delta")).toBe("worse");
    await page.context().close();
  });
});
