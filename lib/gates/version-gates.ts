import { z } from "zod";
import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { gateReport } from "@/lib/gates/gate-report";

const ZTarget = z.enum(["STAGING", "PRODUCTION"], { error: "target must be STAGING or PRODUCTION" }).default("PRODUCTION");

/** GET /api/v1/versions/{id}/gates?target=: the checklist without a request (what a request would face). */
export async function versionGates(actor: TActor, versionId: string, target: string | null) {
  const version = await db.modelVersion.findUnique({ where: { id: versionId }, select: { model: { select: { teamId: true } } } });
  if (!version) throw notFound("Version");
  assertCan(actor, "model.read", version.model.teamId, "Version");
  return gateReport(versionId, ZTarget.parse(target ?? undefined));
}
