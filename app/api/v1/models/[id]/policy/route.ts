import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { getModelPolicy } from "@/lib/gates/get-model-policy";
import { updatePolicy } from "@/lib/gates/update-policy";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json(await getModelPolicy(actor, params.id));
});

// The whole policy (see lib/gates/policy.ts ZGatePolicy); approvers and admins of the team.
export const PUT = withApi<{ id: string }>(async (req, { actor, params }) => {
  await updatePolicy(actor, params.id, await readJson(req));
  return NextResponse.json(await getModelPolicy(actor, params.id));
});
