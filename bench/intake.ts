import fs from "node:fs/promises";
import path from "node:path";
import { createInProcessRunner } from "@/lib/onnx/in-process-runner";
import { makeScorable } from "@/lib/onnx/make-scorable";
import { readModel } from "@/lib/onnx/read-model";
import { runIntakeInSandbox } from "@/lib/onnx/run-sandboxed";
import { extractSignature } from "@/lib/onnx/signature";
import { syntheticFeeds } from "@/lib/onnx/synthetic-feeds";

const FIXTURE = path.resolve(import.meta.dirname, "..", "test", "fixtures", "models", "tree-classifier-zipmap.onnx");
const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Intake of one model: the whole sandboxed checklist (fork, tsx, onnxruntime load, checks, smoke
// run) against the limit, the same parse + session + 4-row run done in this process with nothing
// around it. The difference is the price of isolation a hostile model must not escape.
export async function benchIntake(): Promise<void> {
  const bytes = new Uint8Array(await fs.readFile(FIXTURE));
  const raw: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    const model = readModel(bytes);
    const signature = extractSignature(model);
    const scorable = makeScorable(bytes, { model });
    const runner = createInProcessRunner();
    const info = await runner.createSession(scorable.bytes);
    await runner.run(syntheticFeeds(signature, 2), info.outputNames);
    await runner.close();
    if (i > 0) raw.push(performance.now() - t0);
  }
  const sandboxed: number[] = [];
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const outcome = await runIntakeInSandbox(
      { artifactPath: FIXTURE, declared: { features: ["visits", "fit"], labelClasses: ["lost", "won"], positiveClass: "won" }, task: "binary" },
      { timeoutMs: 60_000, memoryLimitMb: 2048 },
    );
    if (!outcome.ok) throw new Error(`intake failed in the benchmark: ${outcome.reason}`);
    sandboxed.push(performance.now() - t0);
    peak = Math.max(peak, outcome.peakRssMb);
  }
  const r = median(raw);
  const s = median(sandboxed);
  console.log(`model: ${path.basename(FIXTURE)} (${bytes.length} bytes), ${RUNS} runs each, medians`);
  console.log(`raw in-process parse + session + smoke run: ${r.toFixed(1)} ms`);
  console.log(`sandboxed intake (all 8 checks):            ${s.toFixed(1)} ms, sandbox peak RSS ${peak} MB`);
  console.log(`ratio sandboxed / raw: ${(s / r).toFixed(1)}x (isolation cost ${(s - r).toFixed(0)} ms per upload)`);
}
