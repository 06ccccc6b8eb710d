import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { requestPromotion } from "@/lib/promotions/request-promotion";
import { getPromotionRequest, listVersionRequests } from "@/lib/promotions/list-promotions";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json({ requests: await listVersionRequests(actor, params.id) });
});

// { targetStage: "STAGING" | "PRODUCTION", comment? } → 201 with the request and its gates.
export const POST = withApi<{ id: string }>(async (req, { actor, params }) => {
  const { id } = await requestPromotion(actor, params.id, await readJson(req));
  return NextResponse.json({ request: await getPromotionRequest(actor, id) }, { status: 201 });
});
