import { db } from "@/lib/db";
import type { Stage } from "@/lib/generated/prisma/enums";

/** Current stage of each version id (versions loaded by number keep showing the right stage). */
export async function loadVersionStages(ids: string[]): Promise<Map<string, Stage>> {
  if (ids.length === 0) return new Map();
  const rows = await db.modelVersion.findMany({ where: { id: { in: ids } }, select: { id: true, stage: true } });
  return new Map(rows.map((r) => [r.id, r.stage]));
}
