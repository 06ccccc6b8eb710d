import fs from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, launch, login, open, shot } from "@/test/e2e/browser";
import { makeTeamWithRoles, makeUser, uniq } from "@/test/helpers/factories";
import { registerModel } from "@/lib/models/register-model";

const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures", "models");

let browser: Browser;
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;

beforeAll(async () => {
  browser = await launch();
  t = await makeTeamWithRoles();
});

afterAll(async () => {
  await browser?.close();
});

describe("every role signs in", () => {
  it.each(["ds", "approver", "exec"] as const)("%s sees the models page of their team", async (who) => {
    const user = t[who];
    const page = await login(browser, user.email, user.password);
    // Executives land on their overview of production models (test/e2e/whatif.test.ts); the models page is a click away.
    if (who === "exec") {
      await page.waitForURL(/\/executive$/);
      await open(page, "/models");
    }
    await page.getByRole("heading", { name: "Models", level: 1 }).waitFor();
    const canRegister = await page.getByRole("link", { name: "Register model" }).count();
    expect(canRegister > 0).toBe(who !== "exec");
    await page.context().close();
  });

  it("an admin sees the admin pages", async () => {
    const admin = await makeUser({ isAdmin: true });
    const page = await login(browser, admin.email, admin.password);
    await page.getByRole("link", { name: "Users" }).first().click();
    await page.waitForURL(/\/admin\/users/);
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await shot(page, "admin-users");
    await page.context().close();
  });

  it("a wrong password is refused with a clear message", async () => {
    const context = await browser.newContext({ baseURL: baseUrl() });
    const page = await context.newPage();
    await open(page, "/login");
    await page.getByLabel("Email").fill(t.ds.email);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("The email or password is incorrect.").waitFor();
    await context.close();
  });
});

describe("data scientist journey", () => {
  it("registers a model, uploads a skl2onnx classifier with ZipMap, and sees every intake check pass", async () => {
    const page = await login(browser, t.ds.email, t.ds.password);
    await shot(page, "models-list");
    await page.getByRole("link", { name: "Register model" }).first().click();
    await page.getByRole("heading", { name: "Register a model" }).waitFor();
    await page.waitForLoadState("networkidle");
    const name = uniq("fraud");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Tags").fill("fraud, payments");
    await page.getByRole("textbox", { name: "Description" }).fill("Scores **card payments**. <script>window.pwned=1</script> [bad](javascript:alert(1))");
    await page.getByRole("button", { name: "Register model" }).click();
    await page.getByRole("heading", { name, level: 1 }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await shot(page, "model-new");

    // Drop the file on the drop zone the way a browser does.
    const fileInput = page.locator('input[type="file"]');
    await fileInput.setInputFiles(path.join(FIXTURES, "classifier-zipmap.onnx"));
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await page.waitForURL(/\/versions\//);
    await page.locator('[data-check="features"][data-status="PASSED"]').waitFor({ timeout: 60_000 });
    const statuses = await page.locator("[data-check]").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    expect(statuses).toEqual(Array(8).fill("PASSED"));
    expect(await page.getByRole("table", { name: "Inputs" }).innerText()).toContain("float_input");
    const outputs = await page.getByRole("table", { name: "Outputs" }).innerText();
    expect(outputs).toContain("output_label");
    expect(outputs).toContain("output_probability");
    await shot(page, "version-passed");
    await page.context().close();
  });

  it("a corrupt file shows a clear intake failure", async () => {
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("corrupt"), task: "BINARY" });
    const page = await login(browser, t.ds.email, t.ds.password);
    await open(page, `/models/${model.id}`);
    // A real drag-and-drop: a File in a DataTransfer, dropped on the drop zone.
    const bytes = [...(await fs.readFile(path.join(FIXTURES, "truncated.onnx")))];
    const transfer = await page.evaluateHandle((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], "truncated.onnx", { type: "application/octet-stream" }));
      return dt;
    }, bytes);
    await page.dispatchEvent("[data-dropzone]", "dragenter", { dataTransfer: transfer });
    await page.dispatchEvent("[data-dropzone]", "dragover", { dataTransfer: transfer });
    await page.dispatchEvent("[data-dropzone]", "drop", { dataTransfer: transfer });
    await page.getByText("truncated.onnx").first().waitFor();
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await page.waitForURL(/\/versions\//);
    await page.locator('[data-check="format"][data-status="FAILED"]').waitFor({ timeout: 60_000 });
    await page.getByText("Intake failed").waitFor();
    const text = await page.locator('[data-check="format"]').innerText();
    expect(text).toMatch(/truncated|corrupt/i);
    await shot(page, "version-failed");
    await page.context().close();
  });

  it("a PNG renamed .onnx is refused at upload with a message naming it", async () => {
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("png"), task: "BINARY" });
    const page = await login(browser, t.ds.email, t.ds.password);
    await open(page, `/models/${model.id}`);
    await page.locator('input[type="file"]').setInputFiles(path.join(FIXTURES, "png-renamed.onnx"));
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await page.getByText(/not an ONNX model: the file is a PNG image/).waitFor();
    await page.context().close();
  });
});

describe("executive", () => {
  it("sees no upload control, and the API answers 403", async () => {
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("exec-view"), task: "REGRESSION" });
    const page = await login(browser, t.exec.email, t.exec.password);
    await open(page, `/models/${model.id}`);
    await page.getByRole("heading", { name: model.name, level: 1 }).waitFor();
    expect(await page.locator('input[type="file"]').count()).toBe(0);
    expect(await page.getByText("Upload a version").count()).toBe(0);
    const res = await page.request.post(`/api/v1/models/${model.id}/versions`, { multipart: { file: { name: "m.onnx", mimeType: "application/octet-stream", buffer: Buffer.from([8, 7, 1, 2]) } } });
    expect(res.status()).toBe(403);
    const reg = await page.request.post(`/api/v1/models`, { data: { team: t.team.slug, name: uniq("nope"), task: "BINARY" } });
    expect(reg.status()).toBe(403);
    await shot(page, "executive-model");
    await page.context().close();
  });
});

describe("layout", () => {
  it("works on a phone", async () => {
    const page = await login(browser, t.ds.email, t.ds.password, { width: 375, height: 800 });
    await page.getByRole("button", { name: "Open navigation" }).click();
    await page.getByRole("dialog").getByRole("link", { name: "Audit log" }).waitFor();
    await page.waitForTimeout(500); // let the sheet finish sliding in before the screenshot
    await shot(page, "phone-menu");
    await page.context().close();
  });
});
