import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { AppError, invalidInput, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { INTAKE_CHECKS } from "@/lib/onnx/intake";
import { enqueue } from "@/lib/queue/producers";
import { logger } from "@/lib/logger";
import { artifactPath, commitTemp, discardTemp } from "@/lib/storage/artifact-store";
import { sniffNonOnnx } from "@/lib/storage/sniff-file-type";
import { readMultipartUpload } from "@/lib/versions/read-multipart-upload";
import { parseVersionMetadata, type TVersionMetadata } from "@/lib/versions/version-metadata";
import { dispatchWebhookDeliveries, recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";
import fs from "node:fs/promises";

type TUploadSource = { headers: Headers; body: ReadableStream<Uint8Array> | null };

// POST /api/v1/models/{id}/versions. Access is checked before a byte of the body is read; the file is
// streamed to disk; the version row, its intake run (checks pending) and the audit event are written
// in one transaction; then the intake job is enqueued (the reconciler re-enqueues it if that fails).
export async function uploadVersion(actor: TActor, modelId: string, source: TUploadSource) {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { id: true, teamId: true, name: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "version.upload", model.teamId, "Model");

  const { file, fields } = await readMultipartUpload(source.headers, source.body, { maxBytes: env.UPLOAD_MAX_BYTES, fileField: "file" });
  let metadata: TVersionMetadata;
  try {
    if (file.size === 0) throw invalidInput("The uploaded file is empty");
    const foreign = sniffNonOnnx(file.head);
    if (foreign) throw new AppError("unsupported_media_type", `This is not an ONNX model: the file is ${foreign}`);
    metadata = parseVersionMetadata(fields.metadata);
  } catch (e) {
    await discardTemp(file.tmpPath);
    throw e;
  }
  return createVersionFromFile(actor, model, { ...file, filename: file.filename }, metadata);
}

type TStoredFile = { tmpPath: string; sha256: string; size: number; filename: string };

export async function createVersionFromFile(
  actor: TActor,
  model: { id: string; teamId: string; name: string },
  file: TStoredFile,
  metadata: TVersionMetadata,
) {
  const storageKey = await commitTemp({ ...file, head: Buffer.alloc(0) });
  try {
    const created = await db.$transaction(async (tx) => {
      // The row lock on the model serialises concurrent uploads: numbers are distinct and consecutive.
      const [{ version_seq: number }] = await tx.$queryRaw<{ version_seq: number }[]>`
        UPDATE registered_models SET version_seq = version_seq + 1, updated_at = now() WHERE id = ${model.id} RETURNING version_seq`;
      const version = await tx.modelVersion.create({
        data: {
          modelId: model.id,
          number,
          artifactSha256: file.sha256,
          artifactSize: BigInt(file.size),
          storageKey,
          originalFilename: file.filename.slice(0, 255),
          uploadedById: actor.userId,
          declaredFeatures: metadata.features ?? [],
          labelClasses: metadata.labelClasses ?? [],
          positiveClass: metadata.positiveClass ?? null,
          params: (metadata.params ?? undefined) as Prisma.InputJsonValue | undefined,
          trainingDataRef: metadata.trainingData ?? null,
          gitCommit: metadata.gitCommit?.toLowerCase() ?? null,
          notes: metadata.notes ?? null,
        },
        select: { id: true, number: true },
      });
      const run = await tx.intakeRun.create({
        data: { versionId: version.id, checks: { create: INTAKE_CHECKS.map((c, i) => ({ key: c.key, label: c.label, position: i })) } },
        select: { id: true },
      });
      await appendAuditEvent(tx, {
        actor,
        teamId: model.teamId,
        action: "version.uploaded",
        subjectType: "model_version",
        subjectId: version.id,
        after: { model: model.name, number: version.number, sha256: file.sha256, size: file.size, filename: file.filename },
      });
      const webhookDeliveryIds = await recordWebhookEvent(tx, {
        teamId: model.teamId, event: "version.created",
        data: { model: { id: model.id, name: model.name }, version: { id: version.id, number: version.number, sha256: file.sha256, size: file.size, filename: file.filename }, uploadedBy: actor.email },
      });
      return { versionId: version.id, number: version.number, runId: run.id, webhookDeliveryIds };
    });
    try {
      await enqueue("intake", created.runId, { runId: created.runId });
    } catch (e) {
      logger.warn("intake enqueue failed; the reconciler will enqueue it", { runId: created.runId, err: e });
    }
    await dispatchWebhookDeliveries(created.webhookDeliveryIds);
    return { versionId: created.versionId, number: created.number, runId: created.runId };
  } catch (e) {
    // No version points at the object we just stored: remove it so nothing is left half-written.
    const used = await db.modelVersion.count({ where: { artifactSha256: file.sha256 } }).catch(() => 1);
    if (used === 0) await fs.rm(artifactPath(storageKey), { force: true });
    throw e;
  }
}
