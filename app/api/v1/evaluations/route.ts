import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { getEvaluation } from "@/lib/evaluation/get-evaluation";
import { startEvaluation } from "@/lib/evaluation/start-evaluation";

export const POST = withApi(async (req, { actor }) => {
  const { id } = await startEvaluation(actor, await readJson(req));
  return NextResponse.json({ evaluation: await getEvaluation(actor, id) }, { status: 202 });
});
