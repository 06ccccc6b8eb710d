import { createBinaryAccumulator, type TBinaryFinishOptions } from "@/lib/metrics/binary-accumulator";
import type { TBinaryMetrics } from "@/lib/metrics/types";

/** Binary metrics of one in-memory batch; see createBinaryAccumulator for the streaming form. */
export function binaryMetrics(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold = 0.5,
  options?: TBinaryFinishOptions,
): TBinaryMetrics {
  const accumulator = createBinaryAccumulator();
  accumulator.add(scores, labels);
  return accumulator.finish(threshold, options);
}
