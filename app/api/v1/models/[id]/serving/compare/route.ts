import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { compareLive } from "@/lib/serving/compare-live";

// ?window=15m|1h|24h|7d (default 1h).
export const GET = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json(await compareLive(actor, params.id, { window: req.nextUrl.searchParams.get("window") }));
});
