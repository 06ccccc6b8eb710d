import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { listNotifications } from "@/lib/notifications/inbox";

// ?unread=1 for unread only. Always the caller's own inbox.
export const GET = withApi(async (req, { actor }) => {
  return NextResponse.json(await listNotifications(actor, { unreadOnly: req.nextUrl.searchParams.get("unread") === "1" }));
});
