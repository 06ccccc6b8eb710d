import { evaluateDataset, type TEvaluateOptions } from "@/lib/evaluation/evaluate-dataset";
import { createHeapCompactor } from "@/lib/sandbox/bounded-heap";
import type { TEvaluateInput, TEvaluateMessage } from "@/lib/evaluation/types";

// Sandbox entry for one evaluation (lib/sandbox/supervise-child.ts forks it). onnxruntime runs on
// this thread; the parent stops the process for time, memory or a cancel, so nothing here waits on it.
// The per-row predictions go to the file the parent names (under its artifact store's tmp directory);
// the parent hashes and stores it itself.
process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));

process.once("message", async ({ predictionsPath, ...input }: TEvaluateInput & TEvaluateOptions) => {
  // The parent starts this child with BOUNDED_HEAP_FLAGS: its memory does not grow with the file.
  const compact = createHeapCompactor();
  const send = (m: TEvaluateMessage) => {
    if (m.type === "progress") compact(m.rowsDone);
    process.send?.(m);
  };
  const result = await evaluateDataset(input, send, { predictionsPath });
  send({ type: "result", result });
  process.disconnect?.();
});
