// Display helpers for serving numbers (client-safe: no server imports).

/** 1 → "100%", 0.25 → "25%", 0.055 → "5.5%", 0.0004 → "0.04%". */
export function formatShare(x: number): string {
  const pct = x * 100;
  const digits = pct === 0 || pct >= 10 || Number.isInteger(pct) ? 0 : pct >= 1 ? 1 : 2;
  return `${pct.toFixed(digits).replace(/\.0+$/, "")}%`;
}

/** Milliseconds with a precision that suits their size: 0.042 ms, 2.5 ms, 123 ms. */
export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${Number(ms.toFixed(2))} ms`;
  return `${Math.round(ms)} ms`;
}

export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  if (Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0)) return x.toExponential(2);
  return String(Number(x.toFixed(digits)));
}

/** "age=42, income=51000, plan=pro +3 more". */
export function summariseInput(input: Record<string, unknown> | null | undefined, shown = 3): string {
  const entries = Object.entries(input ?? {});
  const head = entries.slice(0, shown).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return entries.length > shown ? `${head.join(", ")} +${entries.length - shown} more` : head.join(", ") || "—";
}
