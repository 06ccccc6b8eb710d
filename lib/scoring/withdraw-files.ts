import fs from "node:fs/promises";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { artifactPath } from "@/lib/storage/artifact-store";
import type { TPublished } from "@/lib/scoring/publish-file";

/**
 * Removes files a scoring job stored but could not record (the job was cancelled or finished by
 * another delivery meanwhile), so a job that did not succeed leaves no output behind. An object that
 * was stored before, or that any row now references, is left in place: the store is content-addressed
 * and another job, dataset or version may share it.
 */
export async function withdrawFiles(files: (TPublished | null)[]): Promise<void> {
  for (const f of files) {
    if (!f || f.preexisting) continue;
    try {
      const [jobs, datasets, versions, evaluations] = await Promise.all([
        db.scoringJob.count({ where: { OR: [{ outputKey: f.key }, { errorReportKey: f.key }] } }),
        db.dataset.count({ where: { storageKey: f.key } }),
        db.modelVersion.count({ where: { OR: [{ storageKey: f.key }, { scoringKey: f.key }] } }),
        db.evaluationRun.count({ where: { predictionsKey: f.key } }),
      ]);
      if (jobs + datasets + versions + evaluations === 0) await fs.rm(artifactPath(f.key), { force: true });
    } catch (err) {
      logger.warn("could not withdraw a scoring file", { key: f.key, err });
    }
  }
}
