import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { listOpenRequests } from "@/lib/promotions/list-promotions";

// The open requests of the caller's teams, oldest first: the approvers' queue.
export const GET = withApi(async (_req, { actor }) => {
  return NextResponse.json({ requests: await listOpenRequests(actor) });
});
