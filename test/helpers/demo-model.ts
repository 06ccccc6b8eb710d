import { createReadStream } from "node:fs";
import path from "node:path";
import type { TActor } from "@/lib/auth/actor";
import { createDatasetFromFile } from "@/lib/datasets/upload-dataset";
import { registerModel } from "@/lib/models/register-model";
import type { TDemoManifest } from "@/lib/onnx/demo/make-demo-models";
import { receiveToTemp } from "@/lib/storage/artifact-store";
import { createVersionFromFile } from "@/lib/versions/upload-version";
import { uniq } from "@/test/helpers/factories";

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Registers one demo model (lib/onnx/demo, written to `dir` by makeDemoModels) under a unique name,
 * uploads its versions (all, or those at `versions` indexes) and attaches its holdout as the default
 * evaluation dataset: what a data scientist does through the API, intake included once workers run.
 */
export async function uploadDemoModel(
  actor: TActor,
  team: { id: string; slug: string },
  dir: string,
  demo: TDemoManifest["models"][number],
  opts: { versions?: number[]; description?: string; name?: string } = {},
): Promise<{ id: string; name: string; versionIds: string[]; datasetId: string }> {
  const name = opts.name ?? uniq(demo.name);
  const model = await registerModel(actor, { team: team.slug, name, task: demo.task, description: opts.description });
  const versionIds: string[] = [];
  for (const v of (opts.versions ?? demo.versions.map((_, i) => i)).map((i) => demo.versions[i])) {
    const received = await receiveToTemp(createReadStream(path.join(dir, v.file)), MAX_BYTES);
    versionIds.push((await createVersionFromFile(actor, { id: model.id, teamId: team.id, name: model.name }, { ...received, filename: v.file }, v.metadata)).versionId);
  }
  const csv = await receiveToTemp(createReadStream(path.join(dir, demo.datasets.evaluation)), MAX_BYTES);
  const dataset = await createDatasetFromFile(
    actor,
    { team: team.slug, name: uniq(`${demo.name}-holdout`), labelColumn: demo.datasets.labelColumn, modelId: model.id, role: "evaluation" },
    { ...csv, filename: demo.datasets.evaluation },
  );
  return { id: model.id, name, versionIds, datasetId: dataset.datasetId };
}
