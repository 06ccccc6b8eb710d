import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { stageHistory } from "@/lib/promotions/list-promotions";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json({ transitions: await stageHistory(actor, params.id) });
});
