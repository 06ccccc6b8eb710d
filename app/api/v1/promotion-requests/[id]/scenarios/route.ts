import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { attachScenario } from "@/lib/whatif/attach-scenario";
import { listRequestScenarios } from "@/lib/whatif/list-request-scenarios";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json(await listRequestScenarios(actor, params.id));
});

// { scenarioId }: approvers attach a scenario of the request's model as business evidence.
export const POST = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json({ attached: await attachScenario(actor, params.id, await readJson(req)) }, { status: 201 });
});
