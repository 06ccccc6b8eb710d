import { db } from "@/lib/db";
import { gateReport } from "@/lib/gates/gate-report";
import { queueEvaluationRun } from "@/lib/evaluation/start-evaluation";
import { logger } from "@/lib/logger";

/**
 * Starts the evaluations a version's gates wait for and nobody has started: the version's own on
 * the model's evaluation dataset, and production's baseline on the same dataset when production was
 * never evaluated on it. Runs are requested on behalf of `requestedById` and audited as the system.
 */
export async function ensureEvidence(versionId: string, target: "STAGING" | "PRODUCTION", requestedById: string): Promise<string[]> {
  const report = await gateReport(versionId, target);
  const started: string[] = [];
  for (const m of report.missing) {
    const [version, dataset] = await Promise.all([
      db.modelVersion.findUnique({ where: { id: m.versionId }, select: { id: true, number: true, intakeStatus: true, model: { select: { name: true, teamId: true } } } }),
      db.dataset.findUnique({ where: { id: m.datasetId }, select: { id: true, name: true, sha256: true, labelColumn: true } }),
    ]);
    if (!version || !dataset || version.intakeStatus !== "PASSED" || !dataset.labelColumn) continue;
    const run = await queueEvaluationRun({ version, dataset, requestedById, auditActor: { system: `gates (${m.role} evidence)` } });
    if (run.created) started.push(run.id);
  }
  if (started.length) logger.info("gates started missing evaluations", { versionId, target, runs: started });
  return started;
}
