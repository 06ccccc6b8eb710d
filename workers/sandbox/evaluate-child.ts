import { evaluateDataset, type TEvaluateOptions } from "@/lib/evaluation/evaluate-dataset";
import type { TEvaluateInput, TEvaluateMessage } from "@/lib/evaluation/types";

// Sandbox entry for one evaluation (lib/sandbox/supervise-child.ts forks it). onnxruntime runs on
// this thread; the parent stops the process for time, memory or a cancel, so nothing here waits on it.
// The per-row predictions go to the file the parent names (under its artifact store's tmp directory);
// the parent hashes and stores it itself.
process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));

process.once("message", async ({ predictionsPath, ...input }: TEvaluateInput & TEvaluateOptions) => {
  const send = (m: TEvaluateMessage) => process.send?.(m);
  const result = await evaluateDataset(input, send, { predictionsPath });
  send({ type: "result", result });
  process.disconnect?.();
});
