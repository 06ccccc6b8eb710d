import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { getServingConfig } from "@/lib/serving/get-serving-config";
import { updateServingConfig } from "@/lib/serving/update-serving-config";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json(await getServingConfig(actor, params.id));
});

// The whole configuration (lib/serving/serving-settings.ts ZServingSettings); approvers of the team.
export const PUT = withApi<{ id: string }>(async (req, { actor, params }) => {
  const { changed } = await updateServingConfig(actor, params.id, await readJson(req));
  return NextResponse.json({ changed, serving: await getServingConfig(actor, params.id) });
});
