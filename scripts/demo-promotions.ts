// The demo's first promotions, through the real gates: started by `npm start` after the workers when
// the seed has just created the demo (it leaves a marker file). For each demo model, the scientist
// requests production for v1, the workers run intake and the evaluation the gates need, the approver
// approves and promotes. card-fraud v2 is then requested for production and left for a person to
// decide, so approvers find a request in their inbox and executives a model in production.
// A gate that does not pass (a slow machine's latency, say) is reported and the model is left as is.
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { loadUserActor } from "@/lib/auth/load-actor";
import type { TActor } from "@/lib/auth/actor";
import { decidePromotion } from "@/lib/promotions/decide-promotion";
import { promote } from "@/lib/promotions/promote";
import { requestPromotion } from "@/lib/promotions/request-promotion";
import { requestState } from "@/lib/promotions/request-state";
import { redis } from "@/lib/queue/redis";

// Written by prisma/seed.ts when it creates the demo.
const DEMO_MARKER = path.join(process.cwd(), ".data", "demo-promotions-pending");
const WAIT_MS = 10 * 60_000;

async function waitFor<T>(what: string, fn: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await fn();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function actor(email: string): Promise<TActor> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  const loaded = user && (await loadUserActor(user.id, null));
  if (!loaded) throw new Error(`demo user ${email} is missing`);
  return loaded;
}

async function promoteFirstVersion(modelId: string, scientist: TActor, approver: TActor): Promise<string> {
  const v1 = await db.modelVersion.findFirstOrThrow({ where: { modelId, number: 1 }, select: { id: true, stage: true, model: { select: { name: true } } } });
  const name = `${v1.model.name} v1`;
  if (v1.stage === "PRODUCTION") return `${name} is already in production`;
  const intake = await waitFor(`${name} intake`, async () => {
    const v = await db.modelVersion.findUniqueOrThrow({ where: { id: v1.id }, select: { intakeStatus: true } });
    return v.intakeStatus === "PASSED" || v.intakeStatus === "FAILED" ? v.intakeStatus : null;
  });
  if (intake === "FAILED") return `${name} failed intake; not promoted`;
  const { id: requestId } = await requestPromotion(scientist, v1.id, { targetStage: "PRODUCTION", comment: "First production model of the demo." });
  const settled = await waitFor(`${name} gates`, async () => {
    const state = await requestState(requestId);
    return state.report.items.filter((i) => i.key !== "approvals").every((i) => i.status !== "pending") ? state : null;
  });
  const failing = settled.report.items.filter((i) => i.key !== "approvals" && i.status !== "pass");
  if (failing.length) return `${name} left requested: ${failing.map((i) => `${i.label}: ${i.detail}`).join("; ")}`;
  await decidePromotion(approver, requestId, { decision: "approve", comment: "Demo: evidence checked." });
  await promote(approver, requestId);
  return `${name} promoted to production`;
}

async function main() {
  if (!fs.existsSync(DEMO_MARKER)) return;
  const [scientist, approver] = await Promise.all([actor("scientist@example.com"), actor("approver@example.com")]);
  const models = await db.registeredModel.findMany({ where: { team: { slug: "acme" } }, orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
  const results = await Promise.all(models.map((m) => promoteFirstVersion(m.id, scientist, approver).catch((e: Error) => `${m.name}: ${e.message}`)));
  for (const line of results) console.log(`demo: ${line}`);

  const fraud = models.find((m) => m.name === "card-fraud");
  const v2 = fraud && (await db.modelVersion.findFirst({ where: { modelId: fraud.id, number: 2, stage: "DEVELOPMENT" }, select: { id: true } }));
  if (v2) {
    await waitFor("card-fraud v2 intake", async () => ((await db.modelVersion.findUniqueOrThrow({ where: { id: v2.id }, select: { intakeStatus: true } })).intakeStatus !== "PENDING" ? true : null));
    await requestPromotion(scientist, v2.id, { targetStage: "PRODUCTION", comment: "All eight features; AUC up on the holdout." })
      .then(() => console.log("demo: card-fraud v2 requested for production; an approver decides it from the inbox"))
      .catch((e: Error) => console.log(`demo: card-fraud v2 not requested: ${e.message}`));
  }
  fs.rmSync(DEMO_MARKER, { force: true });
}

main()
  .then(async () => {
    await db.$disconnect();
    await redis().quit().catch(() => undefined);
  })
  .catch(async (e: Error) => {
    console.error(`demo: ${e.message}`);
    await db.$disconnect();
    process.exit(1);
  });
