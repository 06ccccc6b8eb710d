import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { createScenario } from "@/lib/whatif/create-scenario";
import { listScenarios } from "@/lib/whatif/list-scenarios";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json({ scenarios: await listScenarios(actor, params.id) });
});

// { name, inputs (lib/whatif/schemas.ts ZScenarioInputs), versions: { primary, compare? } }
export const POST = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json({ scenario: await createScenario(actor, params.id, await readJson(req)) }, { status: 201 });
});
