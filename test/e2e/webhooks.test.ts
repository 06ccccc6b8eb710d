import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, login, open, shot } from "@/test/e2e/browser";
import { makeTeam, makeUser } from "@/test/helpers/factories";
import { db } from "@/lib/db";
import { verifyWebhookSignature } from "@/lib/webhooks/signature";

// An admin adds a webhook in the browser, keeps the secret, sends a test and reads the delivery log.
// The receiver is a real HTTP server on 127.0.0.1, which global-setup allowlists for the workers.
let browser: Browser;
let receiver: http.Server;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  browser = await launch();
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(202, { "content-type": "text/plain" }).end("queued");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await browser?.close();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

describe("webhooks administration", () => {
  it("an admin adds a webhook, is refused a private address, sends a test and sees it delivered in the log", async () => {
    const team = await makeTeam();
    const admin = await makeUser({ isAdmin: true });
    const page = await login(browser, admin.email, admin.password);
    await open(page, "/admin/webhooks");
    const form = page.getByRole("form", { name: "Add a webhook" });
    await form.getByLabel("Team").selectOption(team.slug);

    // A private address not on the allowlist is refused with the field named; nothing is stored.
    await form.getByLabel("Payload URL").fill("http://10.1.2.3/hook");
    await form.getByText("promotion.requested").click();
    await form.getByRole("button", { name: "Add webhook" }).click();
    await form.getByText(/10\.1\.2\.3.*(private|refused)|(private|refused).*10\.1\.2\.3/i).waitFor();
    expect(await db.webhook.count({ where: { teamId: team.id } })).toBe(0);

    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/modelgate`;
    await form.getByLabel("Payload URL").fill(url);
    await form.getByRole("button", { name: "Add webhook" }).click();
    const secretBox = page.getByRole("group", { name: "New signing secret" });
    await secretBox.waitFor();
    const secret = (await secretBox.innerText()).match(/[A-Za-z0-9_-]{24,}/)?.[0];
    expect(secret, "the secret is shown once").toBeTruthy();

    const hook = page.getByRole("region", { name: `Webhook ${url}` });
    await hook.getByRole("button", { name: `Send a test to ${url}` }).click();
    // A sent test opens the delivery log by itself.
    await hook.getByRole("button", { name: "Hide delivery log" }).waitFor();
    const log = hook.getByRole("table", { name: "Delivery log" });
    await log.getByText("ping").waitFor();
    await log.getByText("Succeeded").waitFor({ timeout: 20_000 });
    expect(await log.innerText()).toContain("202");
    await shot(page, "webhooks-delivered");

    // The receiver got a body it can verify with the secret the page showed.
    const ping = received.find((r) => r.headers["x-modelgate-event"] === "ping");
    expect(ping).toBeTruthy();
    expect(verifyWebhookSignature({ secret: secret!, body: ping!.body, signature: String(ping!.headers["x-modelgate-signature"]), timestamp: String(ping!.headers["x-modelgate-timestamp"]) })).toBe(true);
    expect(JSON.parse(ping!.body)).toMatchObject({ event: "ping", team: { slug: team.slug } });
    await db.webhook.deleteMany({ where: { teamId: team.id } });
  });
});
