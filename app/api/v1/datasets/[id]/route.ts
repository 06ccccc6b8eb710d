import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { getDataset } from "@/lib/datasets/get-dataset";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json({ dataset: await getDataset(actor, params.id) });
});
