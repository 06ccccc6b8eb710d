import { z } from "zod";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { assertCan } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db-errors";
import { ZModelName, ZTag } from "@/lib/models/model-name";

export const ZRegisterModel = z.object({
  team: z.string({ error: "team is required" }).min(1, "team is required").max(100),
  name: ZModelName,
  task: z.enum(["BINARY", "MULTICLASS", "REGRESSION"], { error: "task must be one of BINARY, MULTICLASS, REGRESSION" }),
  description: z.string().max(20_000, "description must be at most 20,000 characters").optional().default(""),
  tags: z.array(ZTag).max(20, "at most 20 tags").optional().default([]),
});
export type TRegisterModel = z.input<typeof ZRegisterModel>;

export async function registerModel(actor: TActor, raw: unknown) {
  const input = ZRegisterModel.parse(raw);
  const team = actor.memberships.find((m) => m.teamId === input.team || m.teamSlug === input.team);
  if (!team) throw notFound("Team");
  assertCan(actor, "model.create", team.teamId, "Team");
  const tags = [...new Set(input.tags)];
  try {
    return await db.$transaction(async (tx) => {
      const model = await tx.registeredModel.create({
        data: { teamId: team.teamId, name: input.name, task: input.task, description: input.description, tags, createdById: actor.userId },
        select: { id: true, name: true, task: true, description: true, tags: true, teamId: true, createdAt: true },
      });
      await appendAuditEvent(tx, { actor, teamId: team.teamId, action: "model.registered", subjectType: "model", subjectId: model.id, after: { name: model.name, task: model.task, tags } });
      return model;
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw conflict(`A model named '${input.name}' already exists in team ${team.teamSlug}`);
    }
    throw e;
  }
}
