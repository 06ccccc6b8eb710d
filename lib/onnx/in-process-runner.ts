import type { InferenceSession, Tensor } from "onnxruntime-node";
import type { TFeed, TFetched, TInferenceRunner, TTensorData } from "@/lib/onnx/inference-runner";

/**
 * Runs onnxruntime-node in the calling thread. onnxruntime-node's run() blocks that thread until
 * the inference ends, so use this only where that is acceptable (a worker thread, a test). One
 * intra-op thread: intake scores four rows, and the machine's other cores belong to other jobs.
 */
export function createInProcessRunner(): TInferenceRunner {
  let session: InferenceSession | null = null;
  // Loaded lazily so that importing this file costs nothing where onnxruntime is never used.
  const ort = () => import("onnxruntime-node");

  return {
    async createSession(bytes) {
      const { InferenceSession } = await ort();
      await session?.release();
      session = await InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 4 });
      return { inputNames: [...session.inputNames], outputNames: [...session.outputNames] };
    },
    async run(feeds: TFeed[], fetches: string[]) {
      if (!session) throw new Error("no session: call createSession first");
      const { Tensor: OrtTensor } = await ort();
      const inputs: Record<string, Tensor> = {};
      for (const f of feeds) inputs[f.name] = new OrtTensor(f.type as Tensor.Type, f.data as Tensor.DataType, f.dims);
      const results = await session.run(inputs, fetches);
      const out: Record<string, TFetched> = {};
      for (const [name, value] of Object.entries(results)) {
        const t = value as Tensor;
        out[name] = { type: t.type, dims: [...t.dims], data: t.data as TTensorData };
      }
      return out;
    },
    async close() {
      await session?.release();
      session = null;
    },
  };
}
