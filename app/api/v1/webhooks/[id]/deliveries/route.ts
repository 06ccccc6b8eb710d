import { NextResponse } from "next/server";
import { z } from "zod";
import { withApi } from "@/lib/http/with-api";
import { listWebhookDeliveries } from "@/lib/webhooks/list-deliveries";

const ZQuery = z.object({ limit: z.coerce.number({ error: "limit must be a number" }).int().min(1, "limit must be at least 1").max(200, "limit must be at most 200").optional() });

export const GET = withApi<{ id: string }>(async (req, { actor, params }) => {
  const { limit } = ZQuery.parse({ limit: req.nextUrl.searchParams.get("limit") ?? undefined });
  return NextResponse.json({ deliveries: await listWebhookDeliveries(actor, params.id, { limit }) });
});
