import { createMulticlassAccumulator } from "@/lib/metrics/multiclass-accumulator";
import type { TMulticlassMetrics } from "@/lib/metrics/types";

/**
 * Multiclass metrics of one in-memory batch: `probabilities` is one row of classCount probabilities
 * per label (nested rows or a flat row-major array). See createMulticlassAccumulator for streaming.
 */
export function multiclassMetrics(
  probabilities: ArrayLike<number> | ArrayLike<number>[],
  labels: ArrayLike<number>,
  classCount: number,
): TMulticlassMetrics {
  const flat = Array.isArray(probabilities) && probabilities.length > 0 && typeof probabilities[0] !== "number"
    ? (probabilities as ArrayLike<number>[]).flatMap((row) => Array.from(row))
    : (probabilities as ArrayLike<number>);
  const accumulator = createMulticlassAccumulator(classCount);
  accumulator.add(flat, labels);
  return accumulator.finish();
}
