import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, launch, login, open, shot } from "@/test/e2e/browser";
import { actorFor, makeTeamWithRoles, makeUser } from "@/test/helpers/factories";
import { setUserDisabled } from "@/lib/admin/users";
import { setMembership } from "@/lib/admin/teams";
import { registerModel } from "@/lib/models/register-model";
import { uniq } from "@/test/helpers/factories";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

// next-auth's credentials sign-in as a browser makes it: CSRF token + cookie, then the form post.
async function signInRequest(email: string, password: string, ip: string) {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": ip },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
}

describe("sign-in protection", () => {
  it("answers 429 with Retry-After after repeated failures, and does not lock the user out from their own address", async () => {
    const user = await makeUser();
    const attacker = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < 5; i++) {
      const res = await signInRequest(user.email, "wrong password", attacker);
      expect(res.status).toBe(401);
    }
    const limited = await signInRequest(user.email, user.password, attacker);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const ok = await signInRequest(user.email, user.password, "203.0.113.7");
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { url: string }).url).not.toMatch(/error=/);
  });

  it("tells the person in the browser why sign-in is refused", async () => {
    const user = await makeUser();
    const context = await browser.newContext({ baseURL: baseUrl() });
    const page = await context.newPage();
    await open(page, "/login");
    for (let i = 0; i < 6; i++) {
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(`wrong-${i}`);
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      await page.getByRole("button", { name: "Sign in" }).waitFor();
    }
    await page.getByText("Too many failed sign-in attempts").waitFor();
    await shot(page, "login-rate-limited");
    await context.close();
  });
});

describe("changes take effect at once", () => {
  it("a disabled user is signed out on their next request", async () => {
    const t = await makeTeamWithRoles();
    const admin = await makeUser({ isAdmin: true });
    const page = await login(browser, t.ds.email, t.ds.password);
    await setUserDisabled(await actorFor(admin.id), t.ds.id, true);
    await page.reload();
    await page.waitForURL(/\/login/);
    await page.context().close();
  });

  it("a role change applies to the next page without signing the user out", async () => {
    const t = await makeTeamWithRoles();
    const admin = await makeUser({ isAdmin: true });
    const model = await registerModel(t.ds.actor, { team: t.team.slug, name: uniq("role"), task: "BINARY" });
    const page = await login(browser, t.ds.email, t.ds.password);
    await open(page, `/models/${model.id}`);
    await page.getByText("Upload a version").waitFor();
    await setMembership(await actorFor(admin.id), { teamId: t.team.id, email: t.ds.email, role: "EXECUTIVE" });
    await page.reload();
    await page.getByRole("heading", { name: model.name, level: 1 }).waitFor();
    expect(await page.getByText("Upload a version").count()).toBe(0);
    await page.context().close();
  });
});

describe("API tokens in the UI", () => {
  it("a token created in the UI works with the API until it is revoked", async () => {
    const t = await makeTeamWithRoles();
    const page = await login(browser, t.ds.email, t.ds.password);
    await open(page, "/settings/tokens");
    await page.getByLabel("Name").fill("ci-pipeline");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByLabel("New API token").innerText()).trim().match(/mg_[A-Za-z0-9_-]+/)![0];
    await shot(page, "token-created");
    const me = await fetch(`${baseUrl()}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    await page.getByRole("button", { name: "Revoke token ci-pipeline" }).click();
    await page.getByRole("table", { name: "API tokens" }).getByText("revoked", { exact: true }).waitFor();
    const after = await fetch(`${baseUrl()}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    await page.context().close();
  });
});

describe("admin pages", () => {
  it("an admin creates a user and gives them a role in a team; the user then signs in", async () => {
    const t = await makeTeamWithRoles();
    const admin = await makeUser({ isAdmin: true });
    const page = await login(browser, admin.email, admin.password);
    await open(page, "/admin/users");
    const email = `${uniq("new")}@example.test`;
    const form = page.getByRole("form", { name: "Create a user" });
    await form.getByLabel("Name").fill("New Person");
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill("short");
    await form.getByRole("button", { name: "Create user" }).click();
    await form.getByText(/at least 10 characters/).first().waitFor();
    await form.getByLabel("Password").fill("a long enough password");
    await form.getByRole("button", { name: "Create user" }).click();
    await page.getByText("User created.").waitFor();
    await page.getByRole("table", { name: "Users" }).getByText(email).first().waitFor();

    await open(page, "/admin/teams");
    const add = page.getByRole("form", { name: `Add a member to ${t.team.name}` });
    await add.getByLabel("Add member by email").fill(email);
    await add.locator("select").selectOption("APPROVER");
    await add.getByRole("button", { name: "Add" }).click();
    await page.getByText("Membership saved.").waitFor();
    await shot(page, "admin-teams");
    await page.context().close();

    const newcomer = await login(browser, email, "a long enough password");
    await newcomer.getByRole("heading", { name: "Models", level: 1 }).waitFor();
    await newcomer.context().close();
  });
});
