import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { deleteScenario } from "@/lib/whatif/delete-scenario";
import { getScenario } from "@/lib/whatif/get-scenario";
import { updateScenario } from "@/lib/whatif/update-scenario";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json({ scenario: await getScenario(actor, params.id) });
});

// The whole scenario, as POST /api/v1/models/{id}/scenarios takes it; its author only.
export const PUT = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json({ scenario: await updateScenario(actor, params.id, await readJson(req)) });
});

export const DELETE = withApi<{ id: string }>(async (_req, { actor, params }) => {
  await deleteScenario(actor, params.id);
  return new Response(null, { status: 204 });
});
