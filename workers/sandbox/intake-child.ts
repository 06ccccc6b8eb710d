import { runIntakeChecks } from "@/lib/onnx/run-intake-checks";
import type { TIntakeChildMessage, TIntakeInput } from "@/lib/onnx/types";
import { createThreadRunner } from "./thread-runner";

// Entry of the intake sandbox: a child process that lib/onnx/run-sandboxed.ts starts through
// lib/sandbox/supervise-child.ts with `node --import tsx`. It receives one TIntakeInput over IPC,
// runs the checklist and reports each step; the parent watches its memory and time and kills it if
// the model misbehaves.

// A forked child outlives a crashed parent unless it leaves on disconnect. process.exit() is not
// enough while onnxruntime is busy on the inference thread (exit waits for that thread), so the
// child kills itself outright.
process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));

function send(message: TIntakeChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

process.once("message", async (input: TIntakeInput) => {
  const runner = createThreadRunner();
  let code = 0;
  try {
    const result = await runIntakeChecks(input, {
      runner,
      emit: (event) => void send("type" in event ? event : { type: "check", ...event }),
    });
    await send({ type: "result", result });
  } catch (e) {
    // A bug in the checks themselves, not a verdict on the model: let the parent report it.
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    code = 1;
  }
  await runner.close();
  process.exit(code);
});
