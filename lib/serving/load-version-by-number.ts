import { db } from "@/lib/db";
import { SERVING_VERSION_SELECT, type TServingVersionRow } from "@/lib/serving/types";

/** `/v1/models/{team}/{model}/versions/{n}/predict`: version n of the model, whatever its stage, or null. */
export async function loadVersionByNumber(modelId: string, number: number): Promise<TServingVersionRow | null> {
  return db.modelVersion.findUnique({ where: { modelId_number: { modelId, number } }, select: SERVING_VERSION_SELECT });
}
