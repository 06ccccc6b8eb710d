import { db } from "@/lib/db";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";

const SELECT = {
  id: true, status: true, rowsTotal: true, rowsDone: true, rowsPerSecond: true, attempts: true, error: true, metrics: true, curves: true, profile: true,
  cancelRequestedAt: true, startedAt: true, finishedAt: true, createdAt: true,
  requestedBy: { select: { name: true, email: true } },
  dataset: { select: { id: true, name: true, sha256: true, rowCount: true } },
  version: { select: { id: true, number: true, model: { select: { id: true, name: true, task: true, teamId: true } } } },
} as const;

// GET /api/v1/evaluations/{id}: status, progress (rows done, rows/s, ETA) and results.
export async function getEvaluation(actor: TActor, id: string) {
  const run = await db.evaluationRun.findUnique({ where: { id }, select: SELECT });
  if (!run) throw notFound("Evaluation");
  assertCan(actor, "model.read", run.version.model.teamId, "Evaluation");
  return toDto(run);
}

export async function listVersionEvaluations(actor: TActor, versionId: string) {
  const version = await db.modelVersion.findUnique({ where: { id: versionId }, select: { model: { select: { teamId: true } } } });
  if (!version) throw notFound("Version");
  assertCan(actor, "model.read", version.model.teamId, "Version");
  const runs = await db.evaluationRun.findMany({ where: { versionId }, orderBy: { createdAt: "desc" }, take: 20, select: SELECT });
  return runs.map(toDto);
}

function toDto(run: Awaited<ReturnType<typeof db.evaluationRun.findUniqueOrThrow<{ where: { id: string }; select: typeof SELECT }>>>) {
  const remaining = run.rowsTotal !== null && run.rowsPerSecond ? Math.max(0, run.rowsTotal - run.rowsDone) / run.rowsPerSecond : null;
  return { ...run, etaSeconds: run.status === "RUNNING" && remaining !== null ? Math.round(remaining) : null };
}
export type TEvaluationDto = Awaited<ReturnType<typeof getEvaluation>>;
