import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { promote } from "@/lib/promotions/promote";

// Runs the promotion when every gate passes and the quorum is met; 409 with the reason otherwise.
export const POST = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json({ promotion: await promote(actor, params.id) });
});
