import { db } from "@/lib/db";
import type { ModelTask } from "@/lib/generated/prisma/enums";
import { defaultPolicy, ZGatePolicy, type TGatePolicy } from "@/lib/gates/policy";

/** The model's policy and its revision; a model never given one has its task's defaults at revision 0. */
export async function loadPolicy(modelId: string, task: ModelTask): Promise<{ policy: TGatePolicy; revision: number; isDefault: boolean }> {
  const row = await db.gatePolicy.findUnique({ where: { modelId }, select: { config: true, revision: true } });
  if (!row) return { policy: defaultPolicy(task), revision: 0, isDefault: true };
  return { policy: ZGatePolicy.parse(row.config), revision: row.revision, isDefault: false };
}
