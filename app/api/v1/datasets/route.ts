import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";
import { getDataset } from "@/lib/datasets/get-dataset";
import { listDatasets } from "@/lib/datasets/list-datasets";
import { uploadDataset } from "@/lib/datasets/upload-dataset";

export const GET = withApi(async (req, { actor }) => {
  const datasets = await listDatasets(actor, Object.fromEntries(req.nextUrl.searchParams));
  return NextResponse.json({ datasets });
});

// multipart/form-data: file (CSV) + team, name, description?, labelColumn?, modelId?, role?
export const POST = withApi(async (req, { actor }) => {
  const created = await uploadDataset(actor, { headers: req.headers, body: req.body });
  return NextResponse.json({ dataset: await getDataset(actor, created.datasetId), attachment: created.attachment }, { status: 201 });
});
