import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { getScoringJob } from "@/lib/scoring/get-scoring-job";
import { listScoringJobs } from "@/lib/scoring/list-scoring-jobs";
import { startScoringJob } from "@/lib/scoring/start-scoring-job";

export const GET = withApi(async (req, { actor }) => {
  const q = req.nextUrl.searchParams;
  const scoringJobs = await listScoringJobs(actor, { model: q.get("model") ?? undefined, schedule: q.get("schedule") ?? undefined, limit: q.get("limit") ?? undefined });
  return NextResponse.json({ scoringJobs });
});

export const POST = withApi(async (req, { actor }) => {
  const { id } = await startScoringJob(actor, await readJson(req));
  return NextResponse.json({ scoringJob: await getScoringJob(actor, id) }, { status: 202 });
});
