import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";

// Admins only (lib checks): API tokens never carry admin rights, so these answer 403 to tokens.
export const GET = withApi(async (req, { actor }) => NextResponse.json({ webhooks: await listWebhooks(actor, { team: req.nextUrl.searchParams.get("team") }) }));

export const POST = withApi(async (req, { actor }) => {
  const { webhook, secret } = await createWebhook(actor, await readJson(req));
  return NextResponse.json({ webhook, secret }, { status: 201 });
});
