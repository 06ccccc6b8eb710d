import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { decidePromotion } from "@/lib/promotions/decide-promotion";

// { decision: "approve" | "reject", comment? } (a rejection needs a comment).
export const POST = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json({ request: await decidePromotion(actor, params.id, await readJson(req)) }, { status: 201 });
});
