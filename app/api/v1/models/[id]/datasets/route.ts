import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { attachDataset, detachDataset } from "@/lib/datasets/attach-dataset";
import { listModelDatasets } from "@/lib/datasets/list-model-datasets";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  return NextResponse.json(await listModelDatasets(actor, params.id));
});

// { datasetId, role: "reference" | "evaluation", makeDefault? }
export const POST = withApi<{ id: string }>(async (req, { actor, params }) => {
  const attachment = await attachDataset(actor, params.id, await readJson(req));
  return NextResponse.json({ attachment, ...(await listModelDatasets(actor, params.id)) }, { status: attachment.attached ? 201 : 200 });
});

// ?datasetId=…&role=reference|evaluation
export const DELETE = withApi<{ id: string }>(async (req, { actor, params }) => {
  await detachDataset(actor, params.id, Object.fromEntries(req.nextUrl.searchParams));
  return NextResponse.json(await listModelDatasets(actor, params.id));
});
