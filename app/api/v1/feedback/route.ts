import { NextResponse } from "next/server";
import { readJson, withApi } from "@/lib/http/with-api";
import { recordFeedback, ZFeedbackBody } from "@/lib/serving/record-feedback";
import { uploadFeedbackCsv } from "@/lib/serving/upload-feedback-csv";

// Ground truth for prediction ids: JSON { items: [{ predictionId, actual }] } (or one item), or
// multipart with a CSV `file` (columns prediction_id, actual). Per item: created, unchanged,
// updated, unknown or invalid, with reasons.
export const POST = withApi(async (req, { actor }) => {
  const type = req.headers.get("content-type")?.toLowerCase() ?? "";
  if (type.startsWith("multipart/form-data")) {
    return NextResponse.json(await uploadFeedbackCsv(actor, { headers: req.headers, body: req.body }));
  }
  const { items } = ZFeedbackBody.parse(await readJson(req));
  const inputs = items.map((i, index) => ({ predictionId: i.predictionId, actual: i.actual, ref: { item: index } }));
  return NextResponse.json(await recordFeedback(actor, inputs, { source: "api" }));
});
