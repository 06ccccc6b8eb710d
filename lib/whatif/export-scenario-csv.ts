import type { TActor } from "@/lib/auth/actor";
import { evaluateScenario } from "@/lib/whatif/evaluate-scenario";
import { scenarioCsv } from "@/lib/whatif/scenario-csv";

/** GET /api/v1/scenarios/{id}/export.csv: the scenario's numbers as of now (lib/whatif/scenario-csv.ts) and a file name. */
export async function exportScenarioCsv(actor: TActor, scenarioId: string): Promise<{ filename: string; csv: string }> {
  const { scenario, result } = await evaluateScenario(actor, scenarioId);
  const slug = `${scenario.modelName}-${scenario.name}`.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80) || "scenario";
  return { filename: `whatif-${slug}.csv`, csv: scenarioCsv({ title: `${scenario.modelName}: ${scenario.name}`, inputs: scenario.inputs, result }) };
}
