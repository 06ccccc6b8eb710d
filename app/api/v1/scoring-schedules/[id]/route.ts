import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { deleteScoringSchedule } from "@/lib/scoring/delete-scoring-schedule";
import { getScoringSchedule } from "@/lib/scoring/get-scoring-schedule";
import { updateScoringSchedule } from "@/lib/scoring/update-scoring-schedule";

export const PATCH = withApi<{ id: string }>(async (req, { actor, params }) => {
  await updateScoringSchedule(actor, params.id, await readJson(req));
  return NextResponse.json({ schedule: await getScoringSchedule(actor, params.id) });
});

export const DELETE = withApi<{ id: string }>(async (_req, { actor, params }) => {
  await deleteScoringSchedule(actor, params.id);
  return new Response(null, { status: 204 });
});
