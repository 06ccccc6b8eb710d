import { z } from "zod";
import { db } from "@/lib/db";
import { teamsWhere } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";

export const ZListModelsQuery = z.object({
  team: z.string().max(100).optional(),
  q: z.string().trim().max(100, "q must be at most 100 characters").optional(),
  tag: z.string().trim().max(40).optional(),
});

// The caller's teams only. Each model comes with its latest version and which versions hold stages.
export async function listModels(actor: TActor, raw: unknown) {
  const query = ZListModelsQuery.parse(raw);
  let teamIds = teamsWhere(actor, "model.read");
  if (query.team) {
    const team = actor.memberships.find((m) => m.teamId === query.team || m.teamSlug === query.team);
    teamIds = team && teamIds.includes(team.teamId) ? [team.teamId] : [];
  }
  const where: Prisma.RegisteredModelWhereInput = { teamId: { in: teamIds } };
  if (query.q) where.OR = [{ name: { contains: query.q, mode: "insensitive" } }, { tags: { has: query.q.toLowerCase() } }];
  if (query.tag) where.tags = { has: query.tag.toLowerCase() };
  const models = await db.registeredModel.findMany({
    where,
    orderBy: [{ updatedAt: "desc" }],
    take: 500,
    select: {
      id: true, name: true, task: true, tags: true, description: true, createdAt: true, updatedAt: true,
      team: { select: { id: true, slug: true, name: true } },
      _count: { select: { versions: true } },
      versions: {
        where: { OR: [{ stage: { in: ["STAGING", "PRODUCTION"] } }] },
        select: { number: true, stage: true },
        orderBy: { number: "desc" },
      },
    },
  });
  const latest = await db.modelVersion.groupBy({ by: ["modelId"], where: { modelId: { in: models.map((m) => m.id) } }, _max: { number: true, createdAt: true } });
  const latestBy = new Map(latest.map((l) => [l.modelId, l._max]));
  return models.map((m) => ({
    id: m.id,
    name: m.name,
    task: m.task,
    tags: m.tags,
    description: m.description,
    team: m.team,
    versionCount: m._count.versions,
    latestVersion: latestBy.get(m.id)?.number ?? null,
    lastUploadAt: latestBy.get(m.id)?.createdAt ?? null,
    stages: m.versions.map((v) => ({ stage: v.stage, number: v.number })),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  }));
}
export type TModelListItem = Awaited<ReturnType<typeof listModels>>[number];
