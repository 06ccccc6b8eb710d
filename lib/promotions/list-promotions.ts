import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan, teamsWhere } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { requestState } from "@/lib/promotions/request-state";

/** GET /api/v1/promotion-requests/{id}: one request with its gates and decisions as of now. */
export async function getPromotionRequest(actor: TActor, requestId: string) {
  const row = await db.promotionRequest.findUnique({ where: { id: requestId }, select: { model: { select: { teamId: true } } } });
  if (!row) throw notFound("Promotion request");
  assertCan(actor, "model.read", row.model.teamId, "Promotion request");
  return requestState(requestId);
}

/** GET /api/v1/versions/{id}/promotion-requests: the version's requests, newest first, open ones with live gates. */
export async function listVersionRequests(actor: TActor, versionId: string) {
  const version = await db.modelVersion.findUnique({ where: { id: versionId }, select: { model: { select: { teamId: true } } } });
  if (!version) throw notFound("Version");
  assertCan(actor, "model.read", version.model.teamId, "Version");
  const rows = await db.promotionRequest.findMany({ where: { versionId }, orderBy: { createdAt: "desc" }, take: 20, select: { id: true } });
  return Promise.all(rows.map((r) => requestState(r.id)));
}

/** GET /api/v1/promotion-requests?status=PENDING: the open requests of the caller's teams (the approvers' queue). */
export async function listOpenRequests(actor: TActor) {
  const teams = teamsWhere(actor, "model.read");
  const rows = await db.promotionRequest.findMany({
    where: { status: "PENDING", model: { teamId: { in: teams } } },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: { id: true },
  });
  return Promise.all(rows.map((r) => requestState(r.id)));
}

/** GET /api/v1/models/{id}/history: every promotion and rollback of the model, newest first. */
export async function stageHistory(actor: TActor, modelId: string) {
  const model = await db.registeredModel.findUnique({ where: { id: modelId }, select: { teamId: true } });
  if (!model) throw notFound("Model");
  assertCan(actor, "model.read", model.teamId, "Model");
  return db.stageTransition.findMany({
    where: { modelId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true, kind: true, fromStage: true, toStage: true, reason: true, snapshot: true, createdAt: true, requestId: true,
      version: { select: { id: true, number: true } },
      previousVersion: { select: { id: true, number: true } },
      actor: { select: { name: true, email: true } },
    },
  });
}
export type TStageHistory = Awaited<ReturnType<typeof stageHistory>>;
