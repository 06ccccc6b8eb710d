import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTAKE_CHECKS } from "@/lib/onnx/intake";
import { runIntakeInSandbox, type TSandboxOptions } from "@/lib/onnx/run-sandboxed";
import type { TIntakeCheckEvent, TIntakeInput } from "@/lib/onnx/types";
import { CLASSIFIER, REGRESSION } from "@/test/fixtures/make-fixtures";

// Each test forks the real sandbox child (node --import tsx workers/sandbox/intake-child.ts) on a
// committed fixture, as the intake worker does.

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(ROOT, "test", "fixtures", "models");
const TIMEOUT = 60_000;

type TDeclared = TIntakeInput["declared"];
const none: TDeclared = { features: CLASSIFIER.features, labelClasses: [], positiveClass: null };
const classifierDeclared: TDeclared = { features: CLASSIFIER.features, labelClasses: CLASSIFIER.labelClasses, positiveClass: CLASSIFIER.positiveClass };

async function intake(file: string, task: TIntakeInput["task"], declared: TDeclared, options: Partial<TSandboxOptions> = {}) {
  const events: TIntakeCheckEvent[] = [];
  const outcome = await runIntakeInSandbox(
    { artifactPath: path.join(FIXTURES, file), declared, task },
    {
      timeoutMs: 30_000,
      memoryLimitMb: 1024,
      ...options,
      onCheck: (e) => {
        events.push(e);
        options.onCheck?.(e);
      },
    },
  );
  const final = new Map(events.map((e) => [e.key, e]));
  return { outcome, events, final };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("runIntakeInSandbox", () => {
  it("passes every check on an skl2onnx-style classifier and returns the scorable model", async () => {
    const { outcome, events, final } = await intake("classifier-zipmap.onnx", "binary", classifierDeclared);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(INTAKE_CHECKS.map((c) => final.get(c.key)?.status)).toEqual(Array(8).fill("PASSED"));
    expect(events.filter((e) => e.status === "RUNNING").map((e) => e.key)).toEqual(INTAKE_CHECKS.map((c) => c.key));
    expect(outcome.scorable).toMatchObject({ changed: true, classLabels: ["0", "1"], outputs: { label: "output_label", probabilities: "probabilities", probabilityColumns: "per-class" } });
    expect(outcome.scorable.bytes.length).toBeGreaterThan(100);
    expect(outcome.featureSchema).toEqual({ layout: "matrix", inputName: "float_input", features: CLASSIFIER.features.map((name) => ({ name, type: "float32" })) });
    expect(outcome.signature.producerName).toBe("skl2onnx");
    expect(outcome.spawnMs).toBeGreaterThan(0);
    expect(outcome.timings.smoke).toBeGreaterThan(0);
    console.info(`sandbox: spawn ${outcome.spawnMs} ms, session ${outcome.timings.session} ms, smoke ${outcome.timings.smoke} ms, total ${outcome.totalMs} ms, peak RSS ${outcome.peakRssMb} MB`);
  }, TIMEOUT);

  it("passes a regression model and a tree classifier with string labels", async () => {
    const regression = await intake("regression.onnx", "regression", { features: REGRESSION.features, labelClasses: [], positiveClass: null });
    expect(regression.outcome.ok && regression.outcome.scorable).toMatchObject({ changed: false, outputs: { value: "variable" } });
    const trees = await intake("tree-classifier-zipmap.onnx", "binary", { features: ["visits", "fit"], labelClasses: ["lost", "won"], positiveClass: "won" });
    expect(trees.outcome.ok && trees.outcome.scorable.classLabels).toEqual(["lost", "won"]);
  }, TIMEOUT);

  it("kills a memory bomb past the limit, and the parent carries on", async () => {
    const { outcome, final } = await intake("memory-bomb.onnx", "regression", none, { memoryLimitMb: 300 });
    expect(outcome).toMatchObject({ ok: false, crashed: true, failedCheck: "smoke" });
    expect(!outcome.ok && outcome.reason).toBe("the model exceeded the memory limit of 300 MB during smoke inference and was stopped");
    expect(final.get("smoke")?.status).toBe("FAILED");
    expect(final.get("features")).toMatchObject({ status: "SKIPPED", message: "skipped: smoke failed" });
    expect(outcome.peakRssMb).toBeGreaterThan(300);
    expect(outcome.signature?.inputs[0].name).toBe("float_input");
  }, TIMEOUT);

  it("times out a model whose inference never ends", async () => {
    let pid = 0;
    const { outcome, final } = await intake("hangs-at-run.onnx", "regression", none, { timeoutMs: 6_000, onSpawn: (p) => (pid = p) });
    expect(outcome).toMatchObject({ ok: false, crashed: true });
    expect(!outcome.ok && outcome.reason).toMatch(/^timed out after 6 s during smoke inference/);
    expect(final.get("smoke")?.status).toBe("FAILED");
    expect(isAlive(pid)).toBe(false);
  }, TIMEOUT);

  it("blames the running check when the runtime dies of a signal", async () => {
    let pid = 0;
    const { outcome, final } = await intake("hangs-at-run.onnx", "regression", none, {
      onSpawn: (p) => (pid = p),
      onCheck: (e) => {
        if (e.key === "smoke" && e.status === "RUNNING") process.kill(pid, "SIGKILL");
      },
    });
    expect(outcome).toMatchObject({ ok: false, crashed: true, failedCheck: "smoke", reason: "the runtime crashed (signal SIGKILL) during smoke inference" });
    expect(final.get("smoke")).toMatchObject({ status: "FAILED", message: "the runtime crashed (signal SIGKILL) during smoke inference" });
    expect(final.get("features")).toMatchObject({ status: "SKIPPED", message: "skipped: smoke failed" });
    expect(outcome.spawnMs).toBeGreaterThan(0);
  }, TIMEOUT);

  it.each([
    ["png-renamed.onnx", "format", /^Valid ONNX file failed: not an ONNX model \(file starts with the signature of .*PNG/],
    ["empty.onnx", "format", /empty file/],
    ["truncated.onnx", "format", /truncated or corrupt ONNX file/],
    ["external-data.onnx", "external_data", /initializer 'coef' \(in 'weights.bin'\)/],
    ["custom-op.onnx", "operators", /com\.example\.custom \(FancyOp\)/],
    ["throws-at-run.onnx", "smoke", /^Smoke inference failed: inference on 4 synthetic rows failed: .*Reshape/],
  ])("fails %s at the %s check and skips the rest", async (file, key, reason) => {
    const { outcome, final } = await intake(file, "regression", none);
    expect(outcome).toMatchObject({ ok: false, crashed: false, failedCheck: key });
    expect(!outcome.ok && outcome.reason).toMatch(reason);
    const index = INTAKE_CHECKS.findIndex((c) => c.key === key);
    for (const c of INTAKE_CHECKS.slice(index + 1)) expect(final.get(c.key)).toMatchObject({ status: "SKIPPED", message: `skipped: ${key} failed` });
  }, TIMEOUT);

  it("fails on declared label classes that differ from the ZipMap's, and on a feature count mismatch", async () => {
    const labels = await intake("classifier-zipmap.onnx", "binary", { ...classifierDeclared, labelClasses: ["no", "yes"], positiveClass: "yes" });
    expect(!labels.outcome.ok && labels.outcome.reason).toBe("Outputs readable by the runtime failed: the model's class labels [0, 1] do not match the declared label classes [no, yes]");
    const features = await intake("classifier-zipmap.onnx", "binary", { ...classifierDeclared, features: [...CLASSIFIER.features, "extra"] });
    expect(!features.outcome.ok && features.outcome.reason).toBe("Declared features match inputs failed: declared 5 features but input 'float_input' has width 4");
  }, TIMEOUT);
});

describe("the sandbox child", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "sandbox-parent-"));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("dies with its parent, even in the middle of an endless inference", async () => {
    // A stand-in for a worker process that crashes while intake runs a hanging model.
    const driver = path.join(dir, "driver.ts");
    await fs.writeFile(driver, `
      import { runIntakeInSandbox } from ${JSON.stringify(path.join(ROOT, "lib/onnx/run-sandboxed.ts"))};
      void runIntakeInSandbox(
        { artifactPath: ${JSON.stringify(path.join(FIXTURES, "hangs-at-run.onnx"))}, declared: { features: [], labelClasses: [], positiveClass: null }, task: "regression" },
        { timeoutMs: 120000, memoryLimitMb: 1024, onSpawn: (pid) => console.log("child " + pid), onCheck: (e) => { if (e.key === "smoke" && e.status === "RUNNING") console.log("smoke running"); } },
      );
    `);
    const parent = spawn(process.execPath, ["--import", "tsx", driver], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      parent.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        if (output.includes("smoke running")) resolve();
      });
      parent.on("exit", () => reject(new Error(`driver exited early: ${output}`)));
    });
    const childPid = Number(/child (\d+)/.exec(output)?.[1]);
    expect(isAlive(childPid)).toBe(true);
    parent.kill("SIGKILL");
    const deadline = Date.now() + 5_000;
    while (isAlive(childPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(childPid)).toBe(false);
  }, TIMEOUT);
});
