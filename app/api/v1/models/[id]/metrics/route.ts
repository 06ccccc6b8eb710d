import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { modelMetricHistory } from "@/lib/versions/metric-history";

// Each version's metrics on one dataset: ?dataset=<dataset id> (default: the model's evaluation dataset).
export const GET = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json(await modelMetricHistory(actor, params.id, { dataset: req.nextUrl.searchParams.get("dataset") ?? undefined }));
});
