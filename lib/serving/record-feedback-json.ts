import type { TActor } from "@/lib/auth/actor";
import { recordFeedback, ZFeedbackBody } from "@/lib/serving/record-feedback";

// POST /api/v1/feedback as JSON: { items: [{ predictionId, actual }] } or one item. Problems name
// the item by its index, as the CSV upload names rows (lib/serving/upload-feedback-csv.ts).
export async function recordFeedbackJson(actor: TActor, raw: unknown) {
  const { items } = ZFeedbackBody.parse(raw);
  return recordFeedback(actor, items.map((i, index) => ({ predictionId: i.predictionId, actual: i.actual, ref: { item: index } })), { source: "api" });
}
