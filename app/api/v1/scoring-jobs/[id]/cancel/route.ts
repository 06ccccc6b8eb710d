import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { cancelScoringJob } from "@/lib/scoring/cancel-scoring-job";
import { getScoringJob } from "@/lib/scoring/get-scoring-job";

export const POST = withApi<{ id: string }>(async (_req, { actor, params }) => {
  await cancelScoringJob(actor, params.id);
  return NextResponse.json({ scoringJob: await getScoringJob(actor, params.id) }, { status: 202 });
});
