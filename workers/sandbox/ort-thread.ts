import { parentPort } from "node:worker_threads";
import { createInProcessRunner } from "@/lib/onnx/in-process-runner";
import type { TFeed } from "@/lib/onnx/inference-runner";

// Worker-thread side of the sandbox's inference runner (see thread-runner.ts). onnxruntime-node
// blocks the thread that calls run(), so it runs here and the child's main thread stays free to
// notice its parent disconnecting. Loaded through tsx's CommonJS hook (see thread-runner.ts), which
// resolves the "@/" alias from tsconfig.json in the cwd: the sandbox child runs in the repo root.

type TRequest =
  | { id: number; op: "createSession"; bytes: Uint8Array }
  | { id: number; op: "run"; feeds: TFeed[]; fetches: string[] }
  | { id: number; op: "close" };

const runner = createInProcessRunner();
// Start loading the native runtime now, while the main thread is still parsing the model.
void import("onnxruntime-node");
const port = parentPort!;

port.on("message", async (req: TRequest) => {
  try {
    let value: unknown;
    if (req.op === "createSession") value = await runner.createSession(req.bytes);
    else if (req.op === "run") value = await runner.run(req.feeds, req.fetches);
    else value = await runner.close();
    port.postMessage({ id: req.id, ok: true, value });
  } catch (e) {
    port.postMessage({ id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
