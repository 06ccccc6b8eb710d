import type { TMetricValue } from "@/lib/metrics/types";

/**
 * Wraps a computed number as a metric value. A non-finite number means a formula met data it is not
 * defined for; it becomes null with the given reason so that NaN never reaches JSONB or the browser.
 */
export function metricValue(value: number, reasonIfNotFinite = "not defined for this data"): TMetricValue {
  return Number.isFinite(value) ? { value } : { value: null, reason: reasonIfNotFinite };
}

export function undefinedMetric(reason: string): TMetricValue {
  return { value: null, reason };
}
