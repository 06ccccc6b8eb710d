import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { cancelEvaluation } from "@/lib/evaluation/cancel-evaluation";
import { getEvaluation } from "@/lib/evaluation/get-evaluation";

export const POST = withApi<{ id: string }>(async (_req, { actor, params }) => {
  await cancelEvaluation(actor, params.id);
  return NextResponse.json({ evaluation: await getEvaluation(actor, params.id) }, { status: 202 });
});
