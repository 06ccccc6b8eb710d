import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { getWhatIfData } from "@/lib/whatif/get-whatif-data";

// ?version=<version id> (default: production) & compare=<version id>: threshold curves or residual
// summaries of their evaluations on the same dataset, and default inputs with their provenance.
export const GET = withApi<{ id: string }>(async (req, { actor, params }) => {
  const q = req.nextUrl.searchParams;
  return NextResponse.json(await getWhatIfData(actor, params.id, { version: q.get("version"), compare: q.get("compare") }));
});
