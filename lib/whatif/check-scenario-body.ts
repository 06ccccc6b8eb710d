import { invalidInput, unprocessable } from "@/lib/errors";
import { ZScenarioBody, type TScenarioBody } from "@/lib/whatif/schemas";

/**
 * Parses a scenario body (name, inputs, versions) for a model: the inputs must be of the model's
 * task and both versions the model's own. Every refusal names the field.
 */
export function checkScenarioBody(body: unknown, model: { task: string; versions: { id: string }[] }): TScenarioBody {
  if (model.task === "MULTICLASS") throw unprocessable("What-if scenarios cover binary and regression models; this model is multiclass");
  const parsed = ZScenarioBody.parse(body);
  const task = model.task === "BINARY" ? "binary" : "regression";
  if (parsed.inputs.task !== task) throw invalidInput(`inputs.task must be "${task}" for this ${task} model`);
  const ids = new Set(model.versions.map((v) => v.id));
  if (!ids.has(parsed.versions.primary)) throw invalidInput("versions.primary is not a version of this model");
  if (parsed.versions.compare !== undefined) {
    if (!ids.has(parsed.versions.compare)) throw invalidInput("versions.compare is not a version of this model");
    if (parsed.versions.compare === parsed.versions.primary) throw invalidInput("versions.compare must be another version than versions.primary");
  }
  return parsed;
}
