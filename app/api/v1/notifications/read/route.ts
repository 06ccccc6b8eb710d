import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, withApi } from "@/lib/http/with-api";
import { markRead } from "@/lib/notifications/inbox";

const ZRead = z.object({ ids: z.union([z.literal("all"), z.array(z.string().min(1).max(64)).max(500)], { error: "ids must be 'all' or a list of notification ids" }) });

export const POST = withApi(async (req, { actor }) => {
  const { ids } = ZRead.parse(await readJson(req));
  return NextResponse.json(await markRead(actor, ids));
});
