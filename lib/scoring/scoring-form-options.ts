import { db } from "@/lib/db";
import { teamsWhere } from "@/lib/auth/permissions";
import type { TActor } from "@/lib/auth/actor";

/**
 * What the "New scoring job" form offers: the models the caller may score with (teams where they
 * hold scoring.run), each with its versions that passed intake and its production version; the
 * datasets of those teams, those attached to a model as scoring input marked for it.
 */
export async function scoringFormOptions(actor: TActor) {
  const teamIds = teamsWhere(actor, "scoring.run");
  if (teamIds.length === 0) return { models: [], datasets: [] };
  const [models, datasets] = await Promise.all([
    db.registeredModel.findMany({
      where: { teamId: { in: teamIds } },
      orderBy: { name: "asc" },
      take: 500,
      select: {
        id: true, name: true, task: true, teamId: true,
        team: { select: { slug: true, name: true } },
        versions: { where: { intakeStatus: "PASSED" }, orderBy: { number: "desc" }, select: { id: true, number: true, stage: true } },
        datasets: { where: { role: "SCORING" }, select: { datasetId: true } },
      },
    }),
    db.dataset.findMany({ where: { teamId: { in: teamIds } }, orderBy: { createdAt: "desc" }, take: 500, select: { id: true, name: true, rowCount: true, teamId: true } }),
  ]);
  return {
    models: models.map(({ datasets: scoring, ...m }) => ({ ...m, scoringDatasetIds: scoring.map((d) => d.datasetId) })),
    datasets,
  };
}
export type TScoringFormOptions = Awaited<ReturnType<typeof scoringFormOptions>>;
