import type { TActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import type { TScenarioInputs, TScenarioVersions } from "@/lib/whatif/schemas";

export const SCENARIO_SELECT = {
  id: true, modelId: true, name: true, inputs: true, versions: true, createdAt: true, updatedAt: true,
  createdBy: { select: { id: true, name: true } },
  model: { select: { teamId: true, name: true } },
  _count: { select: { requests: true } },
} as const;

type TScenarioRow = {
  id: string; modelId: string; name: string; inputs: unknown; versions: unknown; createdAt: Date; updatedAt: Date;
  createdBy: { id: string; name: string };
  model: { teamId: string; name: string };
  _count: { requests: number };
};

export type TScenarioDto = {
  id: string;
  modelId: string;
  modelName: string;
  name: string;
  inputs: TScenarioInputs;
  versions: TScenarioVersions;
  createdBy: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  /** Promotion requests it is attached to as evidence (it cannot be deleted while attached). */
  attachedTo: number;
  /** Its author may change or delete it. */
  canEdit: boolean;
};

export function toScenarioDto(row: TScenarioRow, actor: TActor): TScenarioDto {
  return {
    id: row.id, modelId: row.modelId, modelName: row.model.name, name: row.name,
    inputs: row.inputs as TScenarioInputs, versions: row.versions as TScenarioVersions,
    createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
    attachedTo: row._count.requests,
    canEdit: row.createdBy.id === actor.userId && can(actor, "scenario.save", row.model.teamId),
  };
}
