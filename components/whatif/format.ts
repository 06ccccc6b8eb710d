// Display formats of the what-if (money is lib/whatif/format-money.ts).

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "—";
  return n.toLocaleString("en-US", { maximumFractionDigits: Math.abs(n) < 10 && n !== 0 ? 1 : 0 });
}

export function formatShare(share: number, digits = 1): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)} %` : "—";
}

export function formatThreshold(t: number | null): string {
  return t === null ? "flag nothing" : String(Math.round(t * 10_000) / 10_000);
}
