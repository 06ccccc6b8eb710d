import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { listAuditEvents } from "@/lib/audit/list-audit-events";

export const GET = withApi(async (req, { actor }) => NextResponse.json(await listAuditEvents(actor, Object.fromEntries(req.nextUrl.searchParams))));
