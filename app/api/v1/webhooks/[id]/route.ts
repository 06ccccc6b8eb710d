import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { updateWebhook } from "@/lib/webhooks/update-webhook";

export const PATCH = withApi<{ id: string }>(async (req, { actor, params }) => NextResponse.json({ webhook: await updateWebhook(actor, params.id, await readJson(req)) }));

export const DELETE = withApi<{ id: string }>(async (_req, { actor, params }) => {
  await deleteWebhook(actor, params.id);
  return new Response(null, { status: 204 });
});
