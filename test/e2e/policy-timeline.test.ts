import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, login, open, shot } from "@/test/e2e/browser";
import { makeTeamWithRoles, uniq } from "@/test/helpers/factories";
import { db } from "@/lib/db";
import { defaultPolicy, type TGatePolicy } from "@/lib/gates/policy";
import { registerModel } from "@/lib/models/register-model";
import { routes } from "@/lib/routes";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

// The model page's "Gates and stages" card: the Card (components/ui/card.tsx) around that heading;
// the innermost one, should the page ever nest cards.
function gatesCard(page: Page) {
  return page.locator("div.rounded-xl", { has: page.getByRole("heading", { name: "Gates and stages" }) }).last();
}

describe("gate policy and stage history on the model page", () => {
  it("an approver edits the policy and sees revision 1; a data scientist reads it but cannot edit it", async () => {
    const t = await makeTeamWithRoles();
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("card-fraud"), task: "BINARY" });
    const approverName = t.approver.email.split("@")[0];

    const page = await login(browser, t.approver.email, t.approver.password);
    await open(page, routes.model(model.id));
    const card = gatesCard(page);
    const summary = card.getByRole("region", { name: "Gate policy" });
    await summary.waitFor();
    const before = await summary.innerText();
    expect(before).toContain("default for binary models");
    expect(before).toContain("Staging: ROC AUC ≥ 0.70 · p95 latency ≤ 10 ms · no approval");
    expect(before).toContain("1 approval by someone other than the uploader and requester");
    await card.getByText("No stage changes yet").waitFor();
    // No production version: nothing to roll back.
    expect(await card.getByRole("button", { name: /^Roll back/ }).count()).toBe(0);

    await card.getByRole("button", { name: "Edit policy" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit gate policy" });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Threshold 1 metric").inputValue()).toBe("roc_auc");
    await dialog.getByLabel("Threshold 1 value").fill("0.8");
    await dialog.getByLabel("Approvals for production").fill("2");
    await dialog.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("Policy saved (revision 1).").waitFor();
    await dialog.waitFor({ state: "hidden" });

    // router.refresh() re-renders the server summary with the saved policy.
    await expect.poll(() => summary.innerText(), { timeout: 15_000 }).toContain("Revision 1");
    const after = await summary.innerText();
    expect(after).toContain(`changed by ${approverName}`);
    expect(after).toContain("Staging: ROC AUC ≥ 0.80");
    expect(after).toContain("2 approvals by people other than the uploader and requester");
    expect(after).not.toContain("default for binary models");
    await shot(page, "policy-edited");

    const row = await db.gatePolicy.findUniqueOrThrow({ where: { modelId: model.id }, select: { revision: true, config: true } });
    const saved = row.config as unknown as TGatePolicy;
    expect(row.revision).toBe(1);
    expect(saved.staging.thresholds).toEqual([{ metric: "roc_auc", direction: "min", value: 0.8 }]);
    expect(saved.production.approvals).toBe(2);
    expect(saved.production.nonRegression).toEqual(defaultPolicy("BINARY").production.nonRegression);

    // Turning the paired bootstrap on saves revision 2, and the summary states the rule.
    await card.getByRole("button", { name: "Edit policy" }).click();
    await dialog.waitFor();
    await dialog.getByLabel("Paired bootstrap").check();
    await dialog.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("Policy saved (revision 2).").waitFor();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => summary.innerText(), { timeout: 15_000 }).toContain("Revision 2");
    expect(await summary.innerText()).toContain("a drop counts only beyond a paired bootstrap interval (1000 resamples, 95 %)");
    const withBootstrap = await db.gatePolicy.findUniqueOrThrow({ where: { modelId: model.id }, select: { revision: true, config: true } });
    expect(withBootstrap.revision).toBe(2);
    expect((withBootstrap.config as unknown as TGatePolicy).production.bootstrap).toEqual({ enabled: true, resamples: 1000, confidence: 0.95 });
    await page.context().close();

    const dsPage = await login(browser, t.ds.email, t.ds.password);
    await open(dsPage, routes.model(model.id));
    const dsSummary = gatesCard(dsPage).getByRole("region", { name: "Gate policy" });
    await dsSummary.waitFor();
    const seen = await dsSummary.innerText();
    expect(seen).toContain("Revision 2");
    expect(seen).toContain("Staging: ROC AUC ≥ 0.80");
    expect(seen).toContain("2 approvals by people other than the uploader and requester");
    expect(await dsPage.getByRole("button", { name: "Edit policy" }).count()).toBe(0);
    // Hiding the button is not the protection: the API refuses a data scientist's change too.
    const res = await dsPage.request.put(routes.api.modelPolicy(model.id), { data: defaultPolicy("BINARY") });
    expect(res.status()).toBe(403);
    await shot(dsPage, "policy-read-only");
    await dsPage.context().close();
  });
});
