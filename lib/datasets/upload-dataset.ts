import fs from "node:fs/promises";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan, teamsWhere } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { attachInTx, lockModel, ZDatasetRole } from "@/lib/datasets/attach-dataset";
import type { TCsvProfile } from "@/lib/datasets/dataset-types";
import { profileCsv } from "@/lib/datasets/profile-csv";
import { AppError, conflict, invalidInput, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUniqueViolation } from "@/lib/db-errors";
import { ZModelName } from "@/lib/models/model-name";
import { artifactPath, commitTemp, discardTemp, storageKeyFor, type TReceived } from "@/lib/storage/artifact-store";
import { readMultipartUpload } from "@/lib/versions/read-multipart-upload";

type TUploadSource = { headers: Headers; body: ReadableStream<Uint8Array> | null };

// Dataset names follow the model name rules: they appear in URLs and CLI arguments.
export const ZUploadDatasetFields = z
  .object({
    team: z.string({ error: "team is required" }).trim().min(1, "team is required").max(100),
    name: ZModelName,
    description: z.string().max(20_000, "description must be at most 20,000 characters").optional().default(""),
    labelColumn: z.string().trim().max(200, "labelColumn must be at most 200 characters").optional().transform((v) => v || undefined),
    modelId: z.string().trim().max(100).optional().transform((v) => v || undefined),
    role: z.preprocess((v) => (v === "" ? undefined : v), ZDatasetRole.optional()),
  })
  .superRefine((v, ctx) => {
    if (v.modelId && !v.role) ctx.addIssue({ code: "custom", path: ["role"], message: "role is required with modelId: 'reference', 'evaluation' or 'scoring'" });
    if (v.role && !v.modelId) ctx.addIssue({ code: "custom", path: ["modelId"], message: "modelId is required with role" });
  });

// POST /api/v1/datasets (multipart: file + team, name, description?, labelColumn?, modelId?, role?).
// The team is a form field, so it is known only after the body is read; a caller who may upload to
// none of their teams is refused before a byte is read. The file streams to a temp file (hashed,
// capped), is profiled, then committed to the content-addressed store; the dataset row, its
// attachment and the audit events land in one transaction. On any failure the temp file and a newly
// stored object are removed: nothing is half-stored.
export async function uploadDataset(actor: TActor, source: TUploadSource) {
  if (teamsWhere(actor, "dataset.upload").length === 0) {
    throw new AppError("forbidden", "Your role does not allow uploading datasets in any of your teams");
  }
  const { file, fields } = await readMultipartUpload(source.headers, source.body, { maxBytes: env.DATASET_MAX_BYTES, fileField: "file" });
  return createDatasetFromFile(actor, fields, file);
}

// Profiles a received file (already in DATA_DIR/tmp), stores it and records the dataset; used by the
// upload route and by the demo seed. On any refusal the temp file is removed and nothing is written.
export async function createDatasetFromFile(actor: TActor, fields: Record<string, string>, file: TReceived & { filename: string }) {
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(actor, fields, file.tmpPath);
  } catch (e) {
    await discardTemp(file.tmpPath);
    throw e;
  }
  const { input, team, model, profile } = prepared;

  const key = storageKeyFor(file.sha256);
  const preexisting = await fs.access(artifactPath(key)).then(() => true, () => false);
  const storageKey = await commitTemp(file);
  try {
    return await db.$transaction(async (tx) => {
      const dataset = await tx.dataset.create({
        data: {
          teamId: team.teamId,
          name: input.name,
          description: input.description,
          sha256: file.sha256,
          size: BigInt(file.size),
          storageKey,
          originalFilename: file.filename.slice(0, 255),
          rowCount: profile.rowCount,
          columns: profile.columns as unknown as Prisma.InputJsonValue,
          preview: profile.preview as unknown as Prisma.InputJsonValue,
          labelColumn: input.labelColumn ?? null,
          createdById: actor.userId,
        },
        select: { id: true, name: true, teamId: true },
      });
      await appendAuditEvent(tx, {
        actor, teamId: team.teamId, action: "dataset.uploaded", subjectType: "dataset", subjectId: dataset.id,
        after: {
          name: dataset.name, sha256: file.sha256, size: file.size, filename: file.filename, rowCount: profile.rowCount,
          columns: profile.columns.length, labelColumn: input.labelColumn ?? null,
        },
      });
      let attachment = null;
      if (model && input.role) {
        const locked = await lockModel(tx, model.id);
        attachment = await attachInTx(tx, actor, locked, dataset, input.role, false);
      }
      return { datasetId: dataset.id, attachment };
    });
  } catch (e) {
    // Only an object this upload created, and that no row references, is removed.
    if (!preexisting) {
      const [datasets, versions] = await Promise.all([
        db.dataset.count({ where: { sha256: file.sha256 } }).catch(() => 1),
        db.modelVersion.count({ where: { artifactSha256: file.sha256 } }).catch(() => 1),
      ]);
      if (datasets + versions === 0) await fs.rm(artifactPath(storageKey), { force: true });
    }
    if (isUniqueViolation(e)) throw duplicateName(input.name, team.teamSlug);
    throw e;
  }
}

// Everything that can refuse the upload before it is stored: fields, team, model, name, contents.
async function prepare(actor: TActor, fields: Record<string, string>, tmpPath: string) {
  const input = ZUploadDatasetFields.parse(fields);
  const team = actor.memberships.find((m) => m.teamId === input.team || m.teamSlug === input.team);
  if (!team) throw notFound("Team");
  assertCan(actor, "dataset.upload", team.teamId, "Team");

  let model: { id: string; name: string } | null = null;
  if (input.modelId) {
    const found = await db.registeredModel.findUnique({ where: { id: input.modelId }, select: { id: true, name: true, teamId: true } });
    if (!found || !actor.memberships.some((m) => m.teamId === found.teamId)) throw notFound("Model");
    if (found.teamId !== team.teamId) {
      throw invalidInput(`Model '${found.name}' is not in team ${team.teamSlug}: a dataset is attached only to models of its own team`, [{ path: "modelId", message: "model of another team" }]);
    }
    assertCan(actor, "dataset.attach", team.teamId, "Model");
    model = found;
  }
  // Checked before profiling to answer fast; the unique index still decides under a race.
  if (await db.dataset.findUnique({ where: { teamId_name: { teamId: team.teamId, name: input.name } }, select: { id: true } })) {
    throw duplicateName(input.name, team.teamSlug);
  }

  // Batch scoring reports a ragged row as a bad row and scores the rest: a scoring input is stored
  // with such rows (counted) instead of being refused.
  const profile: TCsvProfile = await profileCsv(tmpPath, { allowRaggedRows: input.role === "SCORING" });
  if (input.labelColumn && !profile.columns.some((c) => c.name === input.labelColumn)) {
    const names = profile.columns.map((c) => c.name);
    const listed = names.length > 30 ? `${names.slice(0, 30).join(", ")}, … (${names.length} in all)` : names.join(", ");
    throw invalidInput(`The label column '${input.labelColumn}' is not in the file's header. Columns: ${listed}`, [
      { path: "labelColumn", message: `'${input.labelColumn}' is not a column of the file` },
    ]);
  }
  return { input, team, model, profile };
}

function duplicateName(name: string, teamSlug: string) {
  return conflict(`A dataset named '${name}' already exists in team ${teamSlug}`, [{ path: "name", message: `'${name}' is taken in this team` }]);
}
