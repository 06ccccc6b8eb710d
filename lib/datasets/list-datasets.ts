import { z } from "zod";
import { db } from "@/lib/db";
import { teamsWhere } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";

export const ZListDatasetsQuery = z.object({
  team: z.string().max(100).optional(),
  q: z.string().trim().max(100, "q must be at most 100 characters").optional(),
});

// The caller's teams only, newest first. The column profile is not loaded (it can be large for wide
// files); the column count comes from jsonb_array_length.
export async function listDatasets(actor: TActor, raw: unknown) {
  const query = ZListDatasetsQuery.parse(raw);
  let teamIds = teamsWhere(actor, "dataset.read");
  if (query.team) {
    const team = actor.memberships.find((m) => m.teamId === query.team || m.teamSlug === query.team);
    teamIds = team && teamIds.includes(team.teamId) ? [team.teamId] : [];
  }
  const where: Prisma.DatasetWhereInput = { teamId: { in: teamIds } };
  if (query.q) where.name = { contains: query.q, mode: "insensitive" };
  const datasets = await db.dataset.findMany({
    where,
    orderBy: [{ createdAt: "desc" }],
    take: 500,
    select: {
      id: true, name: true, rowCount: true, size: true, sha256: true, labelColumn: true, originalFilename: true, createdAt: true,
      team: { select: { id: true, slug: true, name: true } },
      createdBy: { select: { name: true, email: true } },
      _count: { select: { models: true } },
    },
  });
  const ids = datasets.map((d) => d.id);
  const widths = ids.length
    ? await db.$queryRaw<{ id: string; n: number }[]>`SELECT id, jsonb_array_length(columns)::int AS n FROM datasets WHERE id = ANY(${ids})`
    : [];
  const widthOf = new Map(widths.map((w) => [w.id, w.n]));
  return datasets.map(({ _count, size, ...d }) => ({
    ...d,
    size: Number(size),
    columnCount: widthOf.get(d.id) ?? 0,
    modelCount: _count.models,
  }));
}
export type TDatasetListItem = Awaited<ReturnType<typeof listDatasets>>[number];
