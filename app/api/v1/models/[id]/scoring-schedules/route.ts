import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { createScoringSchedule } from "@/lib/scoring/create-scoring-schedule";
import { getScoringSchedule } from "@/lib/scoring/get-scoring-schedule";
import { listScoringSchedules } from "@/lib/scoring/list-scoring-schedules";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => NextResponse.json({ schedules: await listScoringSchedules(actor, params.id) }));

export const POST = withApi<{ id: string }>(async (req, { actor, params }) => {
  const { id } = await createScoringSchedule(actor, params.id, await readJson(req));
  return NextResponse.json({ schedule: await getScoringSchedule(actor, id) }, { status: 201 });
});
