import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { newPredictionId } from "@/lib/serving/prediction-id";
import type { TActor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";
import { registerModel } from "@/lib/models/register-model";
import { uniq } from "@/test/helpers/factories";

type TStage = "DEVELOPMENT" | "STAGING" | "PRODUCTION" | "ARCHIVED";
type TTask = "BINARY" | "MULTICLASS" | "REGRESSION";

// A registered model with versions that "passed intake" without running it: serving, logs and
// feedback only read the stage, the feature schema and the label classes, so the artifact fields
// point at nothing. Serve is not part of these tests; prediction logs are inserted as serve would.
export async function makeServedModel(actor: TActor, team: string, opts: {
  task?: TTask;
  versions: { stage: TStage; intakeStatus?: "PASSED" | "FAILED" | "PENDING"; labelClasses?: string[] }[];
  features?: { name: string; type: string }[];
}) {
  const task = opts.task ?? "BINARY";
  const model = await registerModel(actor, { team, name: uniq("served"), task });
  const features = opts.features ?? [{ name: "age", type: "float32" }, { name: "income", type: "float32" }, { name: "plan", type: "string" }];
  const versions: { id: string; number: number; stage: TStage }[] = [];
  for (const [i, v] of opts.versions.entries()) {
    const labelClasses = v.labelClasses ?? (task === "REGRESSION" ? [] : task === "BINARY" ? ["0", "1"] : ["bronze", "silver", "gold"]);
    const featureSchema = { layout: "columns", features, labelClasses, positiveClass: task === "BINARY" ? labelClasses[1] ?? null : null, outputs: {} };
    const row = await db.modelVersion.create({
      data: {
        modelId: model.id, number: i + 1, stage: v.stage, intakeStatus: v.intakeStatus ?? "PASSED", uploadedById: actor.userId,
        artifactSha256: "0".repeat(64), artifactSize: BigInt(1), storageKey: `none/${randomUUID()}`, labelClasses,
        featureSchema: featureSchema as unknown as Prisma.InputJsonValue,
      },
      select: { id: true, number: true, stage: true },
    });
    versions.push(row);
  }
  await db.registeredModel.update({ where: { id: model.id }, data: { versionSeq: opts.versions.length } });
  return { model: { id: model.id, name: model.name, teamId: model.teamId }, versions };
}

export type TLogRow = {
  id?: string;
  versionId: string;
  role?: "CHAMPION" | "CHALLENGER";
  served?: boolean;
  /** A shadow challenger's row: the id of the served prediction it shadows. */
  shadowOfId?: string;
  input?: Record<string, unknown>;
  output: { label?: string | number; score?: number; probabilities?: Record<string, number>; value?: number };
  latencyMs?: number;
  createdAt?: Date;
};

// Inserts prediction log rows as serve writes them; returns their ids in order.
export async function insertPredictions(modelId: string, rows: TLogRow[]): Promise<string[]> {
  const data = rows.map((r) => ({
    id: r.id ?? newPredictionId(),
    modelId,
    versionId: r.versionId,
    role: r.role ?? "CHAMPION",
    served: r.served ?? true,
    shadowOfId: r.shadowOfId ?? null,
    input: (r.input ?? { age: 42, income: 51000, plan: "pro" }) as Prisma.InputJsonValue,
    output: r.output as Prisma.InputJsonValue,
    latencyMs: r.latencyMs ?? 1,
    createdAt: r.createdAt ?? new Date(),
  }));
  await db.predictionLog.createMany({ data });
  return data.map((d) => d.id);
}
