import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { listVersionEvaluations } from "@/lib/evaluation/get-evaluation";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => NextResponse.json({ evaluations: await listVersionEvaluations(actor, params.id) }));
