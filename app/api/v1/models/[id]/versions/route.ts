import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { getVersion } from "@/lib/versions/get-version";
import { uploadVersion } from "@/lib/versions/upload-version";

export const POST = withApi<{ id: string }>(async (req, { actor, params }) => {
  const created = await uploadVersion(actor, params.id, { headers: req.headers, body: req.body });
  return NextResponse.json({ version: await getVersion(actor, created.versionId) }, { status: 201 });
});
