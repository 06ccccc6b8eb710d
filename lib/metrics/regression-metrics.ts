import { createRegressionAccumulator, type TRegressionFinishOptions } from "@/lib/metrics/regression-accumulator";
import type { TRegressionMetrics } from "@/lib/metrics/types";

/** Regression metrics of one in-memory batch; see createRegressionAccumulator for the streaming form. */
export function regressionMetrics(
  predictions: ArrayLike<number>,
  targets: ArrayLike<number>,
  options?: TRegressionFinishOptions,
): TRegressionMetrics {
  const accumulator = createRegressionAccumulator();
  accumulator.add(predictions, targets);
  return accumulator.finish(options);
}
