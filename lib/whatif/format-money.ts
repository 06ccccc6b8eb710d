/**
 * Money as an executive reads it: the currency's symbol, no cents above 100, and compact (12.3k,
 * 4.5M) when asked. Negative amounts keep their sign. Unknown codes fall back to "1,234 XYZ".
 */
export function formatMoney(value: number, currency: string, options: { compact?: boolean; signed?: boolean } = {}): string {
  if (!Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  const digits = abs >= 100 || abs === 0 ? 0 : 2;
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency", currency,
      notation: options.compact && abs >= 10_000 ? "compact" : "standard",
      maximumFractionDigits: options.compact && abs >= 10_000 ? 1 : digits,
      minimumFractionDigits: options.compact && abs >= 10_000 ? 0 : digits,
      signDisplay: options.signed ? "exceptZero" : "auto",
    }).format(value);
  } catch {
    return `${value.toLocaleString("en-US", { maximumFractionDigits: digits })} ${currency}`;
  }
}
