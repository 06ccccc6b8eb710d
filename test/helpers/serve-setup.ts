import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createReadStream } from "node:fs";
import type { TActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import type { Stage } from "@/lib/generated/prisma/enums";
import { registerModel } from "@/lib/models/register-model";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createApiToken } from "@/lib/tokens/create-api-token";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import type { TVersionMetadata } from "@/lib/versions/version-metadata";
import { uniq } from "@/test/helpers/factories";
import { waitFor } from "@/test/helpers/wait-for";

// Serve tests: models uploaded through the real upload path and intake (workers must be running),
// tokens created through lib/tokens, stages set directly (a promotion's effect on the row, without
// its gates), and requests over real HTTP.

export type TUpload = { bytes: Uint8Array; metadata: TVersionMetadata };

export async function uploadModel(actor: TActor, team: { id: string; slug: string }, task: "BINARY" | "MULTICLASS" | "REGRESSION", versions: TUpload[], name = uniq("served")) {
  const model = await registerModel(actor, { team: team.slug, name, task });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mg-serve-"));
  const versionIds: string[] = [];
  try {
    for (const [i, v] of versions.entries()) {
      const file = path.join(dir, `v${i + 1}.onnx`);
      await fs.writeFile(file, v.bytes);
      const received = await receiveToTemp(createReadStream(file), 10 * 1024 * 1024);
      versionIds.push((await createVersionFromFile(actor, { id: model.id, teamId: team.id, name: model.name }, { ...received, filename: `v${i + 1}.onnx` }, v.metadata)).versionId);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  for (const id of versionIds) {
    await waitFor(async () => {
      const v = await db.modelVersion.findUniqueOrThrow({ where: { id }, select: { intakeStatus: true, intakeError: true } });
      if (v.intakeStatus === "FAILED") throw new Error(`intake failed: ${v.intakeError}`);
      return v.intakeStatus === "PASSED" || null;
    }, "intake", 60_000);
  }
  return { id: model.id, name: model.name, versionIds };
}

/** Sets stages in one transaction, archiving first so the one-per-stage indexes hold. */
export async function setStages(stages: Record<string, Stage>): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const [id, stage] of Object.entries(stages)) if (stage === "ARCHIVED" || stage === "DEVELOPMENT") await tx.modelVersion.update({ where: { id }, data: { stage } });
    for (const [id, stage] of Object.entries(stages)) if (stage === "STAGING" || stage === "PRODUCTION") await tx.modelVersion.update({ where: { id }, data: { stage } });
  });
}

export async function makeToken(actor: TActor, team: string, scopes: ("api" | "predict")[] = ["predict"], rateLimitPerSecond?: number): Promise<string> {
  return (await createApiToken(actor, { team, name: uniq("serve"), scopes, rateLimitPerSecond })).token;
}

export type TResponse = { status: number; headers: Headers; json: any; text: string };

export async function post(url: string, opts: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string>; method?: string } = {}): Promise<TResponse> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(url, { method: opts.method ?? "POST", headers, body: opts.method === "GET" ? undefined : (opts.raw ?? JSON.stringify(opts.body ?? {})) });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export { waitFor };
