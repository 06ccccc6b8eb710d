import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";
import { teamsWhere } from "@/lib/auth/permissions";
import { gateReport } from "@/lib/gates/gate-report";
import { logger } from "@/lib/logger";
import { computeScenario } from "@/lib/whatif/compute-scenario";
import { getWhatIfData } from "@/lib/whatif/get-whatif-data";
import { ZScenarioInputs } from "@/lib/whatif/schemas";

export type TExecutiveModel = {
  id: string;
  name: string;
  task: "BINARY" | "MULTICLASS" | "REGRESSION";
  team: { id: string; name: string };
  production: { id: string; number: number };
  /** Net value per month of production (regression: minus its cost of error), or why there is none. */
  value:
    | { perMonth: number; currency: string; basis: { kind: "scenario"; id: string; name: string } | { kind: "defaults" }; estimated: boolean }
    | { unavailable: string };
  /** Whether production still meets its model's staging gates on the current evidence. */
  gates: { status: "pass" | "fail" | "pending"; failing: string[] } | null;
  openRequests: number;
};

/**
 * The executives' landing page: every model of the caller's teams that has a production version,
 * with what production is worth a month — under the model's most recently saved scenario, else the
 * what-if defaults (which are placeholders until someone sets the money) — whether it still meets
 * its gates, and how many promotion requests are open. Read only.
 */
export async function executiveOverview(actor: TActor): Promise<{ models: TExecutiveModel[]; notInProduction: number }> {
  const teams = teamsWhere(actor, "model.read");
  const models = await db.registeredModel.findMany({
    where: { teamId: { in: teams } },
    orderBy: [{ team: { name: "asc" } }, { name: "asc" }],
    select: {
      id: true, name: true, task: true, team: { select: { id: true, name: true } },
      versions: { where: { stage: "PRODUCTION" }, select: { id: true, number: true } },
      scenarios: { orderBy: { updatedAt: "desc" }, take: 1, select: { id: true, name: true, inputs: true } },
      _count: { select: { promotionRequests: { where: { status: "PENDING" } } } },
    },
  });
  const inProduction = models.filter((m) => m.versions.length > 0);
  const rows = await Promise.all(inProduction.map(async (m): Promise<TExecutiveModel> => {
    const production = m.versions[0];
    const [value, gates] = await Promise.all([valueOf(actor, m, production.id), gatesOf(production.id)]);
    return { id: m.id, name: m.name, task: m.task, team: m.team, production, value, gates, openRequests: m._count.promotionRequests };
  }));
  return { models: rows, notInProduction: models.length - inProduction.length };
}

async function valueOf(actor: TActor, m: { id: string; task: string; scenarios: { id: string; name: string; inputs: unknown }[] }, productionId: string): Promise<TExecutiveModel["value"]> {
  if (m.task === "MULTICLASS") return { unavailable: "what-if is not available for multiclass models yet" };
  const data = await getWhatIfData(actor, m.id, { version: productionId });
  if (!data.primary || !data.defaults) return { unavailable: "no data" };
  if (data.primary.unavailable) return { unavailable: data.primary.unavailable };
  const saved = m.scenarios[0] ? ZScenarioInputs.safeParse(m.scenarios[0].inputs) : null;
  const inputs = saved?.success && saved.data.task === data.defaults.inputs.task ? saved.data : data.defaults.inputs;
  const result = computeScenario(inputs, { versionId: productionId, number: data.primary.version.number, curve: data.primary.curve, residuals: data.primary.residuals });
  const perMonth = result.task === "binary" ? result.primary.value.perMonth : -result.primary.cost.perMonth;
  const basis = saved?.success && inputs === saved.data ? { kind: "scenario" as const, id: m.scenarios[0].id, name: m.scenarios[0].name } : { kind: "defaults" as const };
  return { perMonth, currency: inputs.currency, basis, estimated: data.primary.note !== null };
}

async function gatesOf(versionId: string): Promise<TExecutiveModel["gates"]> {
  try {
    const report = await gateReport(versionId, "STAGING");
    return { status: report.status, failing: report.items.filter((i) => i.status === "fail").map((i) => i.label) };
  } catch (err) {
    logger.warn("executive overview: gate report failed", { versionId, err });
    return null;
  }
}
