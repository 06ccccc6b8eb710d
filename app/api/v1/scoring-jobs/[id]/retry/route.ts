import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { getScoringJob } from "@/lib/scoring/get-scoring-job";
import { retryScoringJob } from "@/lib/scoring/retry-scoring-job";

// The retry is a new job (the failed or cancelled one stays on the record): 202 with the new job.
export const POST = withApi<{ id: string }>(async (_req, { actor, params }) => {
  const { id } = await retryScoringJob(actor, params.id);
  return NextResponse.json({ scoringJob: await getScoringJob(actor, id) }, { status: 202 });
});
