import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { db } from "@/lib/db";
import { assertAdmin } from "@/lib/auth/permissions";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";

// The chain spans all teams, so only admins may walk it.
export const GET = withApi(async (_req, { actor }) => {
  assertAdmin(actor, "admin.audit");
  return NextResponse.json(await verifyAuditChain(db));
});
