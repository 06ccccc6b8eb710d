import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";

// Queues a `ping` delivery; follow it in GET …/deliveries.
export const POST = withApi<{ id: string }>(async (_req, { actor, params }) => NextResponse.json({ delivery: await sendTestWebhook(actor, params.id) }, { status: 202 }));
