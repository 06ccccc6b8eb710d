import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { getScoringJob } from "@/lib/scoring/get-scoring-job";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => NextResponse.json({ scoringJob: await getScoringJob(actor, params.id) }));
