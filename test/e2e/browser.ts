import fs from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";

// Debian's Chromium driven by playwright-core (no browser download is possible here).
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

export function baseUrl(): string {
  return inject("baseUrl");
}

/** serve (the prediction server) started by global-setup.ts on a free port. */
export function serveUrl(): string {
  return inject("serveUrl");
}

export async function login(browser: Browser, email: string, password: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport });
  const page = await context.newPage();
  await page.goto("/login");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Executives land on their overview, everyone else on the models.
  await page.waitForURL(/\/(models|executive)/);
  return page;
}

// Screenshots land in screenshots/ (git-ignored) so a person can look at what the tests saw.
export async function shot(page: Page, name: string): Promise<void> {
  const dir = path.resolve(import.meta.dirname, "..", "..", "screenshots");
  await fs.mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

// Navigates and waits until the page is hydrated (network idle): input given to a server-rendered
// control before React attaches its handlers is lost, which under CI load made clicks find a
// still-disabled button.
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}
