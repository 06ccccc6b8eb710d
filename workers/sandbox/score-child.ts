import { createHeapCompactor } from "@/lib/sandbox/bounded-heap";
import { scoreDataset } from "@/lib/scoring/score-dataset";
import type { TScoreInput, TScoreMessage } from "@/lib/scoring/types";

// Sandbox entry for one scoring job (lib/sandbox/supervise-child.ts forks it). onnxruntime runs on
// this thread; the parent stops the process for time, memory or a cancel, so nothing here waits on it.
// The output and error report go to the files the parent names (under its artifact store's tmp
// directory); the parent hashes and stores them itself.
process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));

process.once("message", async (input: TScoreInput) => {
  // The parent starts this child with BOUNDED_HEAP_FLAGS: its memory does not grow with the file.
  const compact = createHeapCompactor();
  const send = (m: TScoreMessage) => {
    if (m.type === "progress") compact(m.rowsDone + m.rowsFailed);
    process.send?.(m);
  };
  const result = await scoreDataset(input, send);
  send({ type: "result", result });
  process.disconnect?.();
});
