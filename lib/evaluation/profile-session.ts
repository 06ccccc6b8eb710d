import type { InferenceSession, Tensor } from "onnxruntime-node";
import type { TProfile } from "@/lib/evaluation/types";

type TOrt = typeof import("onnxruntime-node");

const SINGLE_ROW_RUNS = 1000;

// Latency and throughput of the version on rows of this dataset: 1,000 single-row runs for the
// percentiles, then batches of 64 and 1,024 (rows repeated from the first batch when it is smaller).
// Throughput runs stop at their run count or their time budget, whichever comes first (at least 3
// runs), so a heavy model's profile does not take longer than its scoring.
const THROUGHPUT_BUDGET_MS = 1500;
export async function profileSession(ort: TOrt, session: InferenceSession, first: { rows: number; feeds: InferenceSession.FeedsType }, fetches: string[], modelLoadMs: number): Promise<TProfile> {
  const one = takeRows(ort, first.feeds, first.rows, 1);
  for (let i = 0; i < 20; i++) await session.run(one, fetches);
  const times = new Float64Array(SINGLE_ROW_RUNS);
  const t1 = performance.now();
  for (let i = 0; i < SINGLE_ROW_RUNS; i++) {
    const t = performance.now();
    await session.run(one, fetches);
    times[i] = performance.now() - t;
  }
  const batch1 = SINGLE_ROW_RUNS / ((performance.now() - t1) / 1000);
  times.sort();
  const pct = (p: number) => round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)], 4);
  const throughput = async (n: number, runs: number) => {
    const feeds = takeRows(ort, first.feeds, first.rows, n);
    await session.run(feeds, fetches);
    const t = performance.now();
    let done = 0;
    while (done < runs && (done < 3 || performance.now() - t < THROUGHPUT_BUDGET_MS)) {
      await session.run(feeds, fetches);
      done += 1;
    }
    return (n * done) / ((performance.now() - t) / 1000);
  };
  const usage = process.cpuUsage();
  return {
    modelLoadMs: round(modelLoadMs, 2),
    singleRowLatencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), runs: SINGLE_ROW_RUNS },
    rowsPerSecond: { batch1: Math.round(batch1), batch64: Math.round(await throughput(64, 200)), batch1024: Math.round(await throughput(1024, 40)) },
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    cpuSeconds: round((usage.user + usage.system) / 1e6, 3),
  };
}

// n rows taken cyclically from the first batch's tensors (first dimension is the row).
function takeRows(ort: TOrt, feeds: InferenceSession.FeedsType, available: number, n: number): InferenceSession.FeedsType {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    const tensor = t as Tensor;
    const width = tensor.dims.slice(1).reduce((a, b) => a * Number(b), 1);
    const src = tensor.data as unknown as ArrayLike<unknown> & { constructor: new (n: number) => unknown };
    const dst = Array.isArray(src) ? new Array(n * width) : new (src.constructor as new (n: number) => { [i: number]: unknown })(n * width);
    for (let r = 0; r < n; r++) {
      const from = (r % available) * width;
      for (let k = 0; k < width; k++) (dst as { [i: number]: unknown })[r * width + k] = (src as { [i: number]: unknown })[from + k];
    }
    out[name] = new ort.Tensor(tensor.type, dst as Tensor.DataType, [n, ...tensor.dims.slice(1)]);
  }
  return out;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
