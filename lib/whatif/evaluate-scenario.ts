import type { TActor } from "@/lib/auth/actor";
import { unprocessable } from "@/lib/errors";
import { computeScenario, type TScenarioResult, type TScenarioSide } from "@/lib/whatif/compute-scenario";
import { getScenario } from "@/lib/whatif/get-scenario";
import { getWhatIfData, type TWhatIfData, type TWhatIfSide } from "@/lib/whatif/get-whatif-data";
import type { TScenarioDto } from "@/lib/whatif/scenario-dto";

/**
 * A saved scenario's figures as of now, on the server: its versions' current evaluation data
 * through the same computation the browser runs. Refuses (422, saying which version) when a version
 * has no figures, e.g. was never evaluated on the model's evaluation dataset.
 */
export async function evaluateScenario(actor: TActor, scenarioId: string): Promise<{ scenario: TScenarioDto; data: TWhatIfData; result: TScenarioResult }> {
  const scenario = await getScenario(actor, scenarioId);
  const data = await getWhatIfData(actor, scenario.modelId, { version: scenario.versions.primary, compare: scenario.versions.compare });
  if (!data.available || !data.primary) throw unprocessable(data.reason ?? "The scenario's model has no version to compute");
  const side = (s: TWhatIfSide): TScenarioSide => {
    if (s.unavailable) throw unprocessable(`The scenario cannot be computed: ${s.unavailable}`);
    return { versionId: s.version.id, number: s.version.number, curve: s.curve, residuals: s.residuals };
  };
  return { scenario, data, result: computeScenario(scenario.inputs, side(data.primary), data.compare ? side(data.compare) : null) };
}
