import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { hashPassword } from "@/lib/auth/password";
import { loadUserActor } from "@/lib/auth/load-actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { registerModel } from "@/lib/models/register-model";
import { makeDemoModels } from "@/lib/onnx/demo/make-demo-models";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { createDatasetFromFile } from "@/lib/datasets/upload-dataset";
import { redis } from "@/lib/queue/redis";
import type { TeamRole } from "@/lib/generated/prisma/enums";

// The demo a first `npm start` shows: one team, one user per role plus an admin, and four models
// from the scenarios our users talk about, each with versions trained here on seeded synthetic data
// (lib/onnx/demo). Re-runnable: `npm run db:seed` on an empty database; `--if-empty` does nothing
// when users exist.
const LOGINS_FILE = path.join(process.cwd(), ".data", "demo-logins.txt");
// Tells scripts/demo-promotions.ts (run by `npm start` once the workers are up) to take each demo
// model's v1 to production through the real gates.
const PROMOTIONS_MARKER = path.join(process.cwd(), ".data", "demo-promotions-pending");

const USERS: { email: string; name: string; role: TeamRole | null; isAdmin: boolean; label: string }[] = [
  { email: "admin@example.com", name: "Ada Admin", role: "APPROVER", isAdmin: true, label: "admin (and approver)" },
  { email: "scientist@example.com", name: "Sam Scientist", role: "DATA_SCIENTIST", isAdmin: false, label: "data scientist" },
  { email: "approver@example.com", name: "Alex Approver", role: "APPROVER", isAdmin: false, label: "approver" },
  { email: "executive@example.com", name: "Erin Executive", role: "EXECUTIVE", isAdmin: false, label: "executive" },
];

async function main() {
  const ifEmpty = process.argv.includes("--if-empty");
  if ((await db.user.count()) > 0) {
    if (ifEmpty) {
      console.log("seed: the database already has users; demo not re-created");
      return;
    }
    throw new Error("seed: the database already has users; seed only an empty database");
  }
  const passwords = new Map(USERS.map((u) => [u.email, `demo-${randomBytes(6).toString("base64url")}`]));

  const team = await db.team.create({ data: { slug: "acme", name: "Acme Analytics" }, select: { id: true, slug: true } });
  const ids = new Map<string, string>();
  for (const u of USERS) {
    const user = await db.user.create({
      data: {
        email: u.email, name: u.name, isAdmin: u.isAdmin, passwordHash: await hashPassword(passwords.get(u.email)!),
        memberships: u.role ? { create: { teamId: team.id, role: u.role } } : undefined,
      },
      select: { id: true },
    });
    ids.set(u.email, user.id);
  }
  await db.$transaction((tx) =>
    appendAuditEvent(tx, { actor: { system: "seed" }, teamId: team.id, action: "demo.seeded", subjectType: "team", subjectId: team.id, after: { users: USERS.map((u) => u.email) } }),
  );

  const scientist = (await loadUserActor(ids.get("scientist@example.com")!, null))!;
  const demoDir = path.join(env.DATA_DIR, "..", "demo-models");
  const manifest = await makeDemoModels(demoDir);
  for (const m of manifest.models) {
    const model = await registerModel(scientist, { team: team.slug, name: m.name, task: m.task, description: m.description, tags: m.tags });
    for (const v of m.versions) {
      const received = await receiveToTemp(createReadStream(path.join(demoDir, v.file)), Number.MAX_SAFE_INTEGER);
      await createVersionFromFile(scientist, { id: model.id, teamId: team.id, name: m.name }, { ...received, filename: v.file }, v.metadata);
    }
    // The holdout becomes the model's default evaluation dataset; the reference sample is kept for
    // drift monitoring.
    for (const [role, file] of [["evaluation", m.datasets.evaluation], ["reference", m.datasets.reference]] as const) {
      const received = await receiveToTemp(createReadStream(path.join(demoDir, file)), Number.MAX_SAFE_INTEGER);
      await createDatasetFromFile(scientist, { team: team.slug, name: file.replace(/\.csv$/, ""), labelColumn: m.datasets.labelColumn, modelId: model.id, role }, { ...received, filename: file });
    }
    console.log(`seed: model ${m.name} with ${m.versions.length} version(s) and its evaluation and reference datasets; intake runs when the workers start`);
  }

  const lines = USERS.map((u) => `  ${u.label.padEnd(22)} ${u.email.padEnd(24)} ${passwords.get(u.email)}`);
  const text = ["Demo logins (team Acme Analytics):", ...lines, ""].join("\n");
  await fs.mkdir(path.dirname(LOGINS_FILE), { recursive: true });
  await fs.writeFile(LOGINS_FILE, text, { mode: 0o600 });
  await fs.writeFile(PROMOTIONS_MARKER, new Date().toISOString());
  console.log(text);
}

main()
  .then(async () => {
    await db.$disconnect();
    await redis().quit().catch(() => undefined);
  })
  .catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    await db.$disconnect();
    process.exit(1);
  });
