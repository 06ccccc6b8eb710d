import { NextResponse } from "next/server";
import { withApi, readJson } from "@/lib/http/with-api";
import { listModels } from "@/lib/models/list-models";
import { registerModel } from "@/lib/models/register-model";

export const GET = withApi(async (req, { actor }) => {
  const models = await listModels(actor, Object.fromEntries(req.nextUrl.searchParams));
  return NextResponse.json({ models });
});

export const POST = withApi(async (req, { actor }) => {
  const model = await registerModel(actor, await readJson(req));
  return NextResponse.json({ model }, { status: 201 });
});
