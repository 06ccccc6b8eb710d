import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { listPredictions } from "@/lib/serving/list-predictions";

// ?limit=1..200 (default 50) &before=<nextCursor of the previous page>.
export const GET = withApi<{ id: string }>(async (req, { actor, params }) => {
  const q = req.nextUrl.searchParams;
  return NextResponse.json(await listPredictions(actor, params.id, { limit: q.get("limit"), before: q.get("before") }));
});
