// The first address of X-Forwarded-For (set by Next's server or a proxy in front), else X-Real-IP.
export function clientIpFrom(header: (name: string) => string | null | undefined): string {
  const forwarded = header("x-forwarded-for");
  if (forwarded) {
    const first = forwarded.split(",")[0]?.trim();
    if (first) return first;
  }
  return header("x-real-ip")?.trim() || "unknown";
}
