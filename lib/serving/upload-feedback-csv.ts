import type { TActor } from "@/lib/auth/actor";
import { teamsWhere } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { parseFeedbackCsv } from "@/lib/serving/parse-feedback-csv";
import { recordFeedback } from "@/lib/serving/record-feedback";
import { discardTemp } from "@/lib/storage/artifact-store";
import { readMultipartUpload } from "@/lib/versions/read-multipart-upload";

// 100,000 rows of a 25-character id and a short label stay well under this.
export const FEEDBACK_CSV_MAX_BYTES = 16 * 1024 * 1024;

/**
 * POST /api/v1/feedback with multipart `file` (CSV: prediction_id, actual). The file streams to a
 * temporary file, is parsed row by row, then recorded like a JSON submission (lib/serving/
 * record-feedback.ts): every valid row in one transaction, empty cells reported by row and column.
 * A caller who may record ground truth in none of their teams is refused before a byte is read.
 */
export async function uploadFeedbackCsv(actor: TActor, source: { headers: Headers; body: ReadableStream<Uint8Array> | null }) {
  if (teamsWhere(actor, "feedback.write").length === 0) {
    throw new AppError("forbidden", "Your role does not allow recording ground truth in any of your teams");
  }
  const { file } = await readMultipartUpload(source.headers, source.body, { maxBytes: FEEDBACK_CSV_MAX_BYTES, fileField: "file" });
  let parsed: Awaited<ReturnType<typeof parseFeedbackCsv>>;
  try {
    parsed = await parseFeedbackCsv(file.tmpPath);
  } finally {
    await discardTemp(file.tmpPath);
  }
  return { file: { name: file.filename, size: file.size }, ...(await recordFeedback(actor, parsed.items, { source: "csv", rejected: parsed.problems })) };
}
