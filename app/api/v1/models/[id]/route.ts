import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { getModel } from "@/lib/models/get-model";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json({ model: await getModel(actor, params.id) });
});
