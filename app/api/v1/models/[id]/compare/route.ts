import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { compareVersions } from "@/lib/versions/compare-versions";

// ?versions=1,2[,3,4] (version numbers) &dataset=<dataset id> &base=<version number>
export const GET = withApi<{ id: string }>(async (req, { actor, params }) => {
  return NextResponse.json(await compareVersions(actor, params.id, Object.fromEntries(req.nextUrl.searchParams)));
});
