import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { cancelRequest } from "@/lib/promotions/cancel-request";

export const POST = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json({ request: await cancelRequest(actor, params.id) });
});
