import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { rollback } from "@/lib/promotions/rollback";

// { reason } → production goes back to the version the current one replaced.
export const POST = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json({ rollback: await rollback(actor, params.id, await readJson(req)) });
});
