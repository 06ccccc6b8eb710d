import { evaluateDataset } from "@/lib/evaluation/evaluate-dataset";
import type { TEvaluateInput, TEvaluateMessage } from "@/lib/evaluation/types";

// Sandbox entry for one evaluation (lib/sandbox/supervise-child.ts forks it). onnxruntime runs on
// this thread; the parent stops the process for time, memory or a cancel, so nothing here waits on it.
process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));

process.once("message", async (input: TEvaluateInput) => {
  const send = (m: TEvaluateMessage) => process.send?.(m);
  const result = await evaluateDataset(input, send);
  send({ type: "result", result });
  process.disconnect?.();
});
