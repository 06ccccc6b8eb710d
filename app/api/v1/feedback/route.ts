import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { recordFeedbackJson } from "@/lib/serving/record-feedback-json";
import { uploadFeedbackCsv } from "@/lib/serving/upload-feedback-csv";

// Ground truth for prediction ids: JSON { items: [{ predictionId, actual }] } (or one item), or
// multipart with a CSV `file` (columns prediction_id, actual). Per item: created, unchanged,
// updated, unknown or invalid, with reasons.
export const POST = withApi(async (req, { actor }) => {
  const multipart = req.headers.get("content-type")?.toLowerCase().startsWith("multipart/form-data") ?? false;
  return NextResponse.json(multipart ? await uploadFeedbackCsv(actor, { headers: req.headers, body: req.body }) : await recordFeedbackJson(actor, await readJson(req)));
});
