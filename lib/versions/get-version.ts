import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import type { TFeatureSchema, TOutputSpec, TSignature } from "@/lib/onnx/types";

// Version with its signature and the checklist of its latest intake run.
export async function getVersion(actor: TActor, versionId: string) {
  const v = await db.modelVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true, number: true, stage: true, intakeStatus: true, intakeError: true, artifactSha256: true, artifactSize: true,
      originalFilename: true, scoringSha256: true, signature: true, featureSchema: true, declaredFeatures: true, labelClasses: true,
      positiveClass: true, params: true, trainingDataRef: true, gitCommit: true, notes: true, createdAt: true, updatedAt: true, uploadedById: true,
      uploadedBy: { select: { name: true, email: true } },
      model: { select: { id: true, name: true, task: true, team: { select: { id: true, slug: true, name: true } } } },
      intakeRuns: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: {
          id: true, status: true, attempts: true, error: true, startedAt: true, finishedAt: true, createdAt: true,
          checks: { orderBy: { position: "asc" }, select: { key: true, label: true, status: true, message: true, details: true, updatedAt: true } },
        },
      },
    },
  });
  if (!v) throw notFound("Version");
  assertCan(actor, "model.read", v.model.team.id, "Version");
  const { intakeRuns, ...rest } = v;
  return {
    ...rest,
    artifactSize: Number(v.artifactSize),
    signature: v.signature as TSignature | null,
    featureSchema: v.featureSchema as TFeatureSchemaDto | null,
    intake: intakeRuns[0] ?? null,
  };
}

// The feature schema as stored at intake: the graph's features plus how to read the outputs.
export type TFeatureSchemaDto = TFeatureSchema & {
  labelClasses?: string[];
  positiveClass?: string | null;
  outputs?: TOutputSpec;
};
export type TVersionDetail = Awaited<ReturnType<typeof getVersion>>;
