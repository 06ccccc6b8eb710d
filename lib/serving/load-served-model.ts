import { db } from "@/lib/db";
import type { TTask } from "@/lib/onnx/types";
import type { TServedModel } from "@/lib/serving/types";

const TASKS = { BINARY: "binary", MULTICLASS: "multiclass", REGRESSION: "regression" } as const satisfies Record<string, TTask>;

/** The model a predict URL names (`/v1/models/{team}/{model}/…`), or null. */
export async function loadServedModel(teamSlug: string, name: string): Promise<TServedModel | null> {
  const model = await db.registeredModel.findFirst({
    where: { name, team: { slug: teamSlug } },
    select: { id: true, teamId: true, name: true, task: true, team: { select: { slug: true } } },
  });
  return model ? { id: model.id, teamId: model.teamId, teamSlug: model.team.slug, name: model.name, task: TASKS[model.task] } : null;
}
