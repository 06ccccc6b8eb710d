import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { createApiToken, ZCreateApiToken } from "@/lib/tokens/create-api-token";
import { listApiTokens } from "@/lib/tokens/list-api-tokens";

export const GET = withApi(async (_req, { actor }) => NextResponse.json({ tokens: await listApiTokens(actor) }));

export const POST = withApi(async (req, { actor }) => {
  const token = await createApiToken(actor, ZCreateApiToken.parse(await readJson(req)));
  return NextResponse.json({ token }, { status: 201 });
});
