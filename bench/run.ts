// `npm run bench -- <name>`: runs one benchmark (or all) and prints figures as ratios against the
// limit measured in the same run, never against a fixed number from another machine.
import { benchEvaluate } from "./evaluate";
import { benchIntake } from "./intake";
import { benchServe } from "./serve";
import { benchScore } from "./score";

const BENCHMARKS: Record<string, () => Promise<void>> = {
  intake: benchIntake,
  evaluate: benchEvaluate,
  score: benchScore,
  serve: benchServe,
};

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = wanted.filter((w) => !BENCHMARKS[w]);
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(", ")}; available: ${Object.keys(BENCHMARKS).join(", ")}`);
    process.exit(2);
  }
  for (const name of wanted.length ? wanted : Object.keys(BENCHMARKS)) {
    console.log(`\n== ${name}`);
    await BENCHMARKS[name]();
  }
}

void main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
