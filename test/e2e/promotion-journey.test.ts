import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, login, open, shot } from "@/test/e2e/browser";
import { actorFor, makeTeamWithRoles, makeUser, uniq } from "@/test/helpers/factories";
import { db } from "@/lib/db";
import { registerModel } from "@/lib/models/register-model";
import { makeDemoModels } from "@/lib/onnx/demo/make-demo-models";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { createDatasetFromFile } from "@/lib/datasets/upload-dataset";
import { requestPromotion } from "@/lib/promotions/request-promotion";
import { decidePromotion } from "@/lib/promotions/decide-promotion";
import { promote } from "@/lib/promotions/promote";
import { requestState } from "@/lib/promotions/request-state";
import { getModelPolicy } from "@/lib/gates/get-model-policy";
import { updatePolicy } from "@/lib/gates/update-policy";
import { waitFor } from "@/test/helpers/wait-for";

// The journey: v1 is production; a data scientist uploads v2 in the browser and requests
// production; the evaluation and the baseline run by themselves; approver A finds the request in the
// inbox and approves; with a quorum of two, approver B approves and promotes; v1 is archived; an
// approver rolls back; the audit page shows every step and verifies the chain.
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

// Workers and promotions take a while here: two minutes, polled every 250 ms.
const until = <T>(fn: () => Promise<T | null | false>, what: string, ms = 120_000) => waitFor(fn, what, ms, 250);

describe("promotion journey", () => {
  it("uploads v2, requests production, two approvers approve, v2 replaces v1, an approver rolls back, the audit log verifies", async () => {
    const t = await makeTeamWithRoles();
    const a = await makeUser({ teamId: t.team.id, role: "APPROVER", isAdmin: true });
    const b = await makeUser({ teamId: t.team.id, role: "APPROVER" });
    const aActor = await actorFor(a.id);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-e2e-journey-"));
    const demo = (await makeDemoModels(dir)).models.find((m) => m.name === "card-fraud")!;
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("card-fraud"), task: demo.task });
    const v1File = await receiveToTemp(createReadStream(path.join(dir, demo.versions[0].file)), 10 * 1024 * 1024);
    const { versionId: v1 } = await createVersionFromFile(t.ds.actor, { id: model.id, teamId: t.team.id, name: model.name }, { ...v1File, filename: demo.versions[0].file }, demo.versions[0].metadata);
    const csv = await receiveToTemp(createReadStream(path.join(dir, demo.datasets.evaluation)), 10 * 1024 * 1024);
    await createDatasetFromFile(t.ds.actor, { team: t.team.slug, name: uniq("holdout"), labelColumn: demo.datasets.labelColumn, modelId: model.id, role: "evaluation" }, { ...csv, filename: demo.datasets.evaluation });

    // v1 reaches production the same way, through the library: request, evidence, approval, promotion.
    await until(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: v1 } })).intakeStatus === "PASSED", "v1 intake");
    const first = await requestPromotion(t.ds.actor, v1, { targetStage: "PRODUCTION", comment: "first cut" });
    await until(async () => (await requestState(first.id)).report.items.every((i) => i.key === "approvals" || i.status === "pass"), "v1 gates");
    await decidePromotion(aActor, first.id, { decision: "approve", comment: "baseline" });
    await promote(aActor, first.id);
    const policy = (await getModelPolicy(aActor, model.id)).policy;
    await updatePolicy(aActor, model.id, { ...policy, production: { ...policy.production, approvals: 2 } });

    // The data scientist uploads v2 with its metadata and requests production.
    const ds = await login(browser, t.ds.email, t.ds.password);
    await open(ds, `/models/${model.id}`);
    await ds.locator('input[type="file"]').setInputFiles(path.join(dir, demo.versions[1].file));
    await ds.getByText("Metadata (optional)").click();
    await ds.getByLabel("Feature names").fill(demo.versions[1].metadata.features.join(", "));
    await ds.getByLabel("Label classes").fill("0, 1");
    await ds.getByLabel("Positive class").fill("1");
    await ds.getByRole("button", { name: "Upload", exact: true }).click();
    await ds.waitForURL(/\/versions\//);
    const v2 = ds.url().split("/versions/")[1].split(/[?#]/)[0];
    await ds.locator('[data-check="features"][data-status="PASSED"]').waitFor({ timeout: 90_000 });
    await open(ds, `/versions/${v2}`);
    await ds.getByLabel("Comment for the approvers").fill("All eight features; AUC up on the holdout");
    await ds.getByRole("button", { name: "Request production" }).click();
    const request = ds.locator("[data-request]");
    await request.waitFor();
    // The evaluation of v2 runs by itself; v1's baseline on the same dataset already exists.
    await request.locator('[data-gate="non_regression:roc_auc"][data-status="pass"]').waitFor({ timeout: 120_000 });
    expect(await request.locator('[data-gate="threshold:roc_auc"]').innerText()).toMatch(/roc_auc 0\.\d{4} ≥ 0\.7/);
    expect(await request.locator('[data-gate="non_regression:roc_auc"]').innerText()).toMatch(/vs production v1: 0\.\d{4}, tolerance −0\.01/);
    await shot(ds, "journey-requested");
    await ds.context().close();

    // Approver A: the inbox badge, the request in the inbox, the evidence, approve.
    const pa = await login(browser, a.email, a.password);
    expect(Number(await pa.locator("a[data-unread]").getAttribute("data-unread"))).toBeGreaterThan(0);
    await open(pa, "/inbox");
    const entry = pa.getByRole("list", { name: "Open promotion requests" }).locator("li", { hasText: model.name }).filter({ hasText: "v2" });
    await entry.getByRole("link").click();
    await pa.waitForURL(new RegExp(`/versions/${v2}`));
    await pa.waitForLoadState("networkidle");
    await decide(pa, "Evidence checked: AUC and AP both up");
    await until(async () => (await pa.locator("[data-request] [data-gate=approvals]").innerText()).includes("1 of 2"), "one of two approvals");
    expect(await pa.getByRole("button", { name: "Promote to production" }).isDisabled()).toBe(true);
    await shot(pa, "journey-approved-once");
    await pa.context().close();

    // Approver B completes the quorum and promotes.
    const pb = await login(browser, b.email, b.password);
    await open(pb, `/versions/${v2}`);
    await decide(pb, "Agreed");
    const promoteButton = pb.getByRole("button", { name: "Promote to production" });
    await expect.poll(() => promoteButton.isEnabled(), { timeout: 30_000 }).toBe(true);
    await promoteButton.click();
    await until(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: v2 } })).stage === "PRODUCTION", "v2 in production");
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: v1 } })).stage).toBe("ARCHIVED");
    await open(pb, `/versions/${v2}`);
    await shot(pb, "journey-promoted");
    await pb.context().close();

    // Approver A rolls back from the model page with a reason.
    const pr = await login(browser, a.email, a.password);
    await open(pr, `/models/${model.id}`);
    await pr.getByRole("button", { name: "Roll back" }).click();
    await pr.getByLabel("Reason").fill("Chargebacks up since the switch");
    await pr.getByRole("button", { name: "Roll back to v1" }).click();
    await until(async () => (await db.modelVersion.findUniqueOrThrow({ where: { id: v1 } })).stage === "PRODUCTION", "v1 restored");
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: v2 } })).stage).toBe("ARCHIVED");
    await open(pr, `/models/${model.id}`);
    await shot(pr, "journey-rolled-back");

    // The audit log has every step, and the chain verifies.
    await open(pr, `/audit?team=${t.team.slug}`);
    await pr.getByText("Hash chain intact").waitFor();
    const log = await pr.locator("main").innerText();
    for (const action of ["promotion.requested", "promotion.decided", "stage.changed", "version.rolled_back", "policy.updated"]) expect(log).toContain(action);
    await shot(pr, "journey-audit");
    await pr.context().close();
    await fs.rm(dir, { recursive: true, force: true });
  }, 420_000);
});

async function decide(page: Page, comment: string): Promise<void> {
  await page.getByLabel("Decision comment").fill(comment);
  await page.getByRole("button", { name: "Approve" }).click();
  await page.locator("[data-request] [data-decision=APPROVE]").filter({ hasText: comment }).waitFor();
}
