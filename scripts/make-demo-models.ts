import path from "node:path";
import { makeDemoModels } from "@/lib/onnx/demo/make-demo-models";

// `npm run demo:models -- --out <dir>`: writes the demo models, their evaluation and reference CSVs
// and manifest.json (default directory: .data/demo-models). The seed calls makeDemoModels directly.
async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf("--out");
  if (at !== -1 && !args[at + 1]) throw new Error("--out needs a directory");
  const outDir = path.resolve(at === -1 ? path.join(".data", "demo-models") : args[at + 1]);
  const started = performance.now();
  const manifest = await makeDemoModels(outDir);
  for (const m of manifest.models) {
    for (const v of m.versions) {
      const metrics = Object.entries(v.evaluationMetrics).map(([k, x]) => `${k}=${x}`).join(" ");
      console.log(`${v.file.padEnd(24)} ${m.task.toLowerCase().padEnd(10)} ${metrics}`);
    }
  }
  console.log(`wrote ${outDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
