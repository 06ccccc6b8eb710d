import { createReadStream } from "node:fs";
import { CsvError, parse } from "csv-parse";
import { AppError, unprocessable } from "@/lib/errors";
import type { TFeedbackInput, TFeedbackProblem } from "@/lib/serving/record-feedback";

export const FEEDBACK_CSV_MAX_ROWS = 100_000;
const MAX_RECORD_BYTES = 64 * 1024;
const COLUMNS = ["prediction_id", "actual"] as const;

/**
 * Streams a ground-truth CSV: a header with `prediction_id` and `actual` (any order, any case; other
 * columns are ignored), then one row per prediction. Rows with an empty cell are returned as
 * problems naming the row, line and column; a file that is not a CSV of that shape (no such header,
 * ragged rows, broken quoting, too many rows) is refused whole with a 422/413 naming where.
 */
export async function parseFeedbackCsv(filePath: string): Promise<{ items: TFeedbackInput[]; problems: TFeedbackProblem[] }> {
  const items: TFeedbackInput[] = [];
  const problems: TFeedbackProblem[] = [];
  let index: { id: number; actual: number } | null = null;
  let row = 0;

  const onRecord = (record: string[], line: number) => {
    if (!index) {
      index = headerIndex(record);
      return;
    }
    row += 1;
    if (row > FEEDBACK_CSV_MAX_ROWS) {
      throw new AppError("payload_too_large", `The file has more than ${FEEDBACK_CSV_MAX_ROWS.toLocaleString("en")} rows: split it into several uploads`);
    }
    const predictionId = (record[index.id] ?? "").trim();
    const actual = (record[index.actual] ?? "").trim();
    const ref = { row, line };
    if (!predictionId) problems.push({ ...ref, predictionId, column: "prediction_id", reason: "prediction_id is empty" });
    else if (!actual) problems.push({ ...ref, predictionId, column: "actual", reason: "actual is empty" });
    else items.push({ predictionId, actual, ref });
  };

  await new Promise<void>((resolve, reject) => {
    const source = createReadStream(filePath, { highWaterMark: 256 * 1024 });
    const parser = parse({ bom: true, relax_column_count: false, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES, info: true });
    const fail = (e: unknown) => {
      source.destroy();
      parser.destroy();
      reject(e instanceof CsvError ? fromCsvError(e) : e);
    };
    source.on("error", fail);
    parser.on("error", fail);
    parser.on("data", (data: { record: string[]; info: { lines: number } }) => {
      try {
        onRecord(data.record, data.info.lines);
      } catch (e) {
        fail(e);
      }
    });
    parser.on("end", () => resolve());
    source.pipe(parser);
  });
  if (!index) throw unprocessable("The file is empty: expected a header line 'prediction_id,actual' and at least one row");
  if (row === 0) throw unprocessable("The file has a header but no rows");
  return { items, problems };
}

function headerIndex(record: string[]): { id: number; actual: number } {
  const names = record.map((n) => n.trim().toLowerCase());
  const missing = COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) {
    const found = record.slice(0, 20).map((n) => `'${n.trim().slice(0, 40)}'`).join(", ");
    throw unprocessable(`The header has no ${missing.map((m) => `'${m}'`).join(" or ")} column: expected the columns prediction_id and actual (found ${found || "nothing"})`, { row: 0, line: 1 });
  }
  return { id: names.indexOf("prediction_id"), actual: names.indexOf("actual") };
}

// csv-parse counts the header as a record: with the header as record 0, the failing data row is `records`.
function fromCsvError(e: CsvError): AppError {
  const info = e as CsvError & { lines?: number; records?: number; record?: string[] };
  const line = info.lines;
  const row = info.records ?? 0;
  const where = row > 0 ? `Row ${row}${line ? ` (line ${line})` : ""}` : `The header${line ? ` (line ${line})` : ""}`;
  switch (e.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return unprocessable(`${where} has ${info.record?.length ?? "a different number of"} columns; the header has ${/expect (\d+)/.exec(e.message)?.[1] ?? "another number"}. Quote values that contain commas.`, { row, line });
    case "CSV_QUOTE_NOT_CLOSED":
      return unprocessable(`${where}: a quoted value is never closed (a '"' without its closing '"')`, { row, line });
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return unprocessable(`${where}: a '"' inside a value must be doubled ("") and the value quoted`, { row, line });
    case "CSV_MAX_RECORD_SIZE":
      return unprocessable(`${where} is longer than ${MAX_RECORD_BYTES / 1024} KB: is a quote left open?`, { row, line });
    default:
      return unprocessable(`${where}: ${e.message}`, { row, line });
  }
}
