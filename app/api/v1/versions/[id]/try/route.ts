import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { tryPrediction } from "@/lib/serving/try-prediction";

// { row: { feature: value, … } } → serve's answer for this version (the version page's "Try it").
export const POST = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json(await tryPrediction(actor, params.id, await readJson(req)));
});
