// `npx tsx test/perf/bootstrap-timing.ts [rows…]`: how long a paired bootstrap of 1,000 resamples
// takes per metric at each row count, on synthetic predictions of two correlated models (what
// bootstrapFor computes on read), and how long reading one predictions file takes. Not a test:
// prints figures only.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPredictionsWriter, readPredictions, type TPredictions } from "@/lib/evaluation/predictions-file";
import { pairedBootstrap } from "@/lib/gates/paired-bootstrap";
import { seededRandom } from "@/lib/gates/seeded-random";

const RESAMPLES = 1000;
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

function gaussian(random: ReturnType<typeof seededRandom>): number {
  const u = (random.nextUint32() + 1) / 4294967297;
  const v = random.nextUint32() / 4294967296;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function synthetic(task: "binary" | "multiclass" | "regression", n: number, noise: number, seed: string): TPredictions {
  const truth = seededRandom("truth");
  const random = seededRandom(seed);
  const k = 3;
  if (task === "binary") {
    const scores = new Float32Array(n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const z = gaussian(truth);
      labels[i] = truth.nextUint32() / 4294967296 < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
      scores[i] = 1 / (1 + Math.exp(-(z + noise * gaussian(random))));
    }
    return { version: 1, task, scoreType: "float32", scoresPerRow: 1, labelType: "uint8", classLabels: ["0", "1"], threshold: 0.5, rows: n, scores, labels };
  }
  if (task === "multiclass") {
    const scores = new Float32Array(n * k);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const y = truth.nextUint32() % k;
      labels[i] = y;
      let sum = 0;
      for (let c = 0; c < k; c++) sum += scores[i * k + c] = Math.exp((c === y ? 1 : 0) + noise * gaussian(random));
      for (let c = 0; c < k; c++) scores[i * k + c] /= sum;
    }
    return { version: 1, task, scoreType: "float32", scoresPerRow: k, labelType: "uint8", classLabels: ["a", "b", "c"], threshold: null, rows: n, scores, labels };
  }
  const scores = new Float32Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = 100 + 20 * gaussian(truth);
    scores[i] = labels[i] + noise * 10 * gaussian(random);
  }
  return { version: 1, task, scoreType: "float32", scoresPerRow: 1, labelType: "float64", classLabels: [], threshold: null, rows: n, scores, labels };
}

const CASES = [
  ["binary", ["roc_auc", "average_precision", "accuracy", "log_loss"]],
  ["multiclass", ["macro_f1", "log_loss"]],
  ["regression", ["rmse", "r2"]],
] as const;

async function readTime(p: TPredictions): Promise<number> {
  const file = path.join(os.tmpdir(), `mg-timing-${process.pid}.predictions`);
  const writer = createPredictionsWriter(file, { task: p.task, classLabels: p.classLabels, threshold: p.threshold });
  writer.add(p.scores, p.labels);
  writer.close();
  const t0 = performance.now();
  await readPredictions(file);
  const ms = performance.now() - t0;
  fs.rmSync(file);
  return ms;
}

async function main() {
  for (const n of sizes.length ? sizes : [10_000, 100_000]) {
    console.log(`\n${n.toLocaleString("en-US")} rows, ${RESAMPLES} paired resamples (reading a binary predictions file: ${(await readTime(synthetic("binary", n, 1, "read"))).toFixed(1)} ms)`);
    for (const [task, metrics] of CASES) {
      const candidate = synthetic(task, n, 0.8, "candidate");
      const baseline = synthetic(task, n, 1.0, "baseline");
      for (const metric of metrics) {
        const t0 = performance.now();
        const r = pairedBootstrap(candidate, baseline, metric, { resamples: RESAMPLES, confidence: 0.95, seed: `timing ${metric}` });
        const ms = performance.now() - t0;
        const shown = "unavailable" in r ? r.unavailable : `[${r.low.toFixed(4)}, ${r.high.toFixed(4)}]`;
        console.log(`  ${task.padEnd(10)} ${metric.padEnd(18)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${shown}`);
      }
    }
  }
}

void main();
