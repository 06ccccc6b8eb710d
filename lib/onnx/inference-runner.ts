// The seam between the intake logic and onnxruntime: lib/onnx/run-intake.ts talks to a runner, the
// sandbox child supplies one that runs onnxruntime on a worker thread (so the child can still react
// to its parent going away while an inference blocks), and tests can use the in-process one.
// Values crossing it are plain typed arrays, so they survive postMessage's structured clone.

export type TTensorData =
  | Float32Array | Float64Array | Uint16Array | Int8Array | Uint8Array | Int16Array
  | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | string[];

export type TFeed = { name: string; type: string; dims: number[]; data: TTensorData };

export type TFetched = { type: string; dims: number[]; data: TTensorData };

export type TSessionInfo = { inputNames: string[]; outputNames: string[] };

export interface TInferenceRunner {
  createSession(bytes: Uint8Array): Promise<TSessionInfo>;
  run(feeds: TFeed[], fetches: string[]): Promise<Record<string, TFetched>>;
  close(): Promise<void>;
}
