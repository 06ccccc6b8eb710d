import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { versionGates } from "@/lib/gates/version-gates";

// ?target=STAGING|PRODUCTION (default PRODUCTION): the gate checklist as of now.
export const GET = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json(await versionGates(actor, params.id, req.nextUrl.searchParams.get("target")));
});
