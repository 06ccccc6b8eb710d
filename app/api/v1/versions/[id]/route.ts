import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { getVersion } from "@/lib/versions/get-version";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json({ version: await getVersion(actor, params.id) });
});
