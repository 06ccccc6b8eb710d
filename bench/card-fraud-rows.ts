import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { makeDemoModels } from "@/lib/onnx/demo/make-demo-models";
import { makeScorable } from "@/lib/onnx/make-scorable";
import { readModel } from "@/lib/onnx/read-model";

// What the evaluate and score benchmarks share: card-fraud v2 made scorable (ZipMap removed, as
// intake does), seeded synthetic rows of its features as a CSV and in memory, and the raw
// onnxruntime loop over the in-memory rows that both compare against.

export const BATCH = 1024;

export async function scorableCardFraud(dir: string) {
  const manifest = await makeDemoModels(dir);
  const demo = manifest.models.find((m) => m.name === "card-fraud")!;
  const version = demo.versions[1];
  const bytes = new Uint8Array(await fs.readFile(path.join(dir, version.file)));
  const scorable = makeScorable(bytes, { model: readModel(bytes), task: "binary" });
  const modelPath = path.join(dir, "scoring.onnx");
  await fs.writeFile(modelPath, scorable.bytes);
  return { demo, modelPath, scorable, features: version.metadata.features };
}

/**
 * n rows of `features` (values 0.00–10.00 from a fixed seed), optionally led by an id column (t0,
 * t1, …) and followed by a 0/1 label drawn from a logistic of the features. Returns the feature
 * values as an n × F matrix for the raw loop.
 */
export async function writeSyntheticCsv(file: string, n: number, features: string[], opts: { idColumn?: string; labelColumn?: string } = {}): Promise<Float32Array> {
  const out = createWriteStream(file);
  const F = features.length;
  const matrix = new Float32Array(n * F);
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  out.write(`${[...(opts.idColumn ? [opts.idColumn] : []), ...features, ...(opts.labelColumn ? [opts.labelColumn] : [])].join(",")}\n`);
  let chunk = "";
  for (let i = 0; i < n; i++) {
    const row: string[] = opts.idColumn ? [`t${i}`] : [];
    let z = -3;
    for (let j = 0; j < F; j++) {
      const v = Math.round(rnd() * 1000) / 100;
      matrix[i * F + j] = v;
      row.push(String(v));
      z += v * 0.05;
    }
    if (opts.labelColumn) row.push(rnd() < 1 / (1 + Math.exp(-z)) ? "1" : "0");
    chunk += row.join(",") + "\n";
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
  return matrix;
}

/** onnxruntime over rows already in memory, batches of BATCH, one thread: the floor of any job. */
export async function rawInference(modelPath: string, matrix: Float32Array, n: number, F: number): Promise<number> {
  const ort = await import("onnxruntime-node");
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const t0 = performance.now();
  for (let i = 0; i < n; i += BATCH) {
    const rows = Math.min(BATCH, n - i);
    await session.run({ float_input: new ort.Tensor("float32", matrix.subarray(i * F, (i + rows) * F), [rows, F]) }, ["probabilities"]);
  }
  const ms = performance.now() - t0;
  await session.release();
  return ms;
}

export function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}
