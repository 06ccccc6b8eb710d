import { createReadStream } from "node:fs";
import { CsvError, parse } from "csv-parse";
import { unprocessable } from "@/lib/errors";
import type { TColumnProfile, TCsvProfile } from "@/lib/datasets/dataset-types";

// Limits that keep memory flat whatever the number of rows: counters per column, a bounded map of
// distinct values, and the first PREVIEW_ROWS rows.
export const PREVIEW_ROWS = 20;
const TOP_VALUES = 20;
// Distinct values tracked per column. Past this a column is clearly high-cardinality; values already
// seen keep counting, new ones are not added, and the summary says the count is a lower bound.
const DISTINCT_TRACKED = 1000;
const MAX_VALUE_CHARS = 200;
const MAX_PREVIEW_CELL_CHARS = 500;
const MAX_COLUMNS = 5000;
// One record (a line, or a quoted field spanning lines) above this is refused: an unclosed quote
// would otherwise swallow the rest of the file into one field in memory.
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

// Decimal numbers as a CSV writer prints them (pandas, R, Excel): optional sign, digits, optional
// fraction and exponent. Not Number(): it takes "", " ", "0x1f", "Infinity" and "1_000" as numbers.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN_WORDS = new Set(["true", "false", "yes", "no"]);

type TCounter = {
  nulls: number;
  numeric: number;
  nonNumeric: number;
  booleanWords: number;
  booleanDigits: number;
  min: number;
  max: number;
  sum: number;
  firstNonNumeric: { row: number; value: string } | null;
  distinct: Map<string, number>;
  distinctCapped: boolean;
};

const newCounter = (): TCounter => ({
  nulls: 0, numeric: 0, nonNumeric: 0, booleanWords: 0, booleanDigits: 0, min: Infinity, max: -Infinity, sum: 0,
  firstNonNumeric: null, distinct: new Map(), distinctCapped: false,
});

// Streams the file once. Throws AppError "unprocessable" (422) naming the row, line and column for
// an empty file, a header without rows, a bad header, a ragged row or broken quoting.
//
// Type inference, per column, over its non-empty cells (an empty or blank cell is a null):
// - numeric: every value is a decimal number. A 0/1 column is numeric, not boolean: models take
//   0/1 features and labels as numbers, and evaluation needs them as numbers.
// - boolean: every value is one of true/false/yes/no (any case), possibly mixed with 0/1.
// - categorical: anything else, and a column with no values at all.
// `allNumeric` records whether every value parsed as a number, so evaluation can later refuse a
// model's numeric feature with the first offending row and value (`firstNonNumeric`).
//
// allowRaggedRows (batch scoring inputs): a row whose cell count differs from the header's is counted
// in rowCount but left out of the column statistics and the preview, instead of refusing the file;
// the scoring job reports it as a bad row.
export async function profileCsv(filePath: string, options: { allowRaggedRows?: boolean } = {}): Promise<TCsvProfile> {
  let header: string[] | null = null;
  let counters: TCounter[] = [];
  const preview: string[][] = [];
  let rowCount = 0;
  const onRecord = (record: string[]) => {
    if (!header) {
      header = checkHeader(record);
      counters = header.map(newCounter);
      return;
    }
    rowCount += 1;
    if (record.length !== counters.length) return;
    if (preview.length < PREVIEW_ROWS) preview.push(record.map((v) => clip(v, MAX_PREVIEW_CELL_CHARS)));
    for (let i = 0; i < record.length; i++) count(counters[i], record[i], rowCount);
  };
  // 'data' handlers run synchronously as each record is parsed, so every record before a parse
  // error has been counted when the error arrives (an async iterator may still hold some). They
  // are also faster than for-await on this stream.
  await new Promise<void>((resolve, reject) => {
    const source = createReadStream(filePath, { highWaterMark: 256 * 1024 });
    const parser = parse({ bom: true, relax_column_count: options.allowRaggedRows ?? false, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES });
    const fail = (e: unknown) => {
      source.destroy();
      parser.destroy();
      reject(e instanceof CsvError ? fromCsvError(e, header) : e);
    };
    source.on("error", fail);
    parser.on("error", fail);
    parser.on("data", (record: string[]) => {
      try {
        onRecord(record);
      } catch (e) {
        fail(e);
      }
    });
    parser.on("end", () => resolve());
    source.pipe(parser);
  });
  if (!header) throw unprocessable("The file is empty: expected a header line and at least one row");
  if (rowCount === 0) throw unprocessable("The file has a header but no rows", { columns: header });
  return { rowCount, columns: (header as string[]).map((name, i) => summarise(name, counters[i])), preview };
}

function checkHeader(record: string[]): string[] {
  if (record.length > MAX_COLUMNS) {
    throw unprocessable(`The header has ${record.length} columns; at most ${MAX_COLUMNS} are supported`);
  }
  // Names are trimmed: a space after a comma in the header is almost never part of the name.
  const names = record.map((n) => n.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (!name) {
      throw unprocessable(`Header column ${i + 1} has no name: every column needs a non-empty, unique name`, { row: 0, line: 1, column: i + 1 });
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw unprocessable(`Header columns ${first + 1} and ${i + 1} are both named '${clip(name, MAX_VALUE_CHARS)}': column names must be unique`, { row: 0, line: 1, column: i + 1, name });
    }
    seen.set(name, i);
  });
  return names;
}

function count(c: TCounter, raw: string, row: number): void {
  const value = raw.trim();
  if (value === "") {
    c.nulls += 1;
    return;
  }
  if (NUMBER.test(value)) {
    const n = Number(value);
    c.numeric += 1;
    if (n < c.min) c.min = n;
    if (n > c.max) c.max = n;
    c.sum += n;
    if (value === "0" || value === "1") c.booleanDigits += 1;
  } else {
    c.nonNumeric += 1;
    if (BOOLEAN_WORDS.has(value.toLowerCase())) c.booleanWords += 1;
    if (!c.firstNonNumeric) c.firstNonNumeric = { row, value: clip(value, MAX_VALUE_CHARS) };
  }
  const key = clip(value, MAX_VALUE_CHARS);
  const seen = c.distinct.get(key);
  if (seen !== undefined) c.distinct.set(key, seen + 1);
  else if (c.distinct.size < DISTINCT_TRACKED) c.distinct.set(key, 1);
  else c.distinctCapped = true;
}

function summarise(name: string, c: TCounter): TColumnProfile {
  const nonNull = c.numeric + c.nonNumeric;
  const allNumeric = c.nonNumeric === 0;
  let type: TColumnProfile["type"] = "categorical";
  if (nonNull > 0 && allNumeric) type = "numeric";
  else if (c.booleanWords > 0 && c.booleanWords + c.booleanDigits === nonNull) type = "boolean";
  const top = [...c.distinct.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_VALUES)
    .map(([value, n]) => ({ value, count: n }));
  const column: TColumnProfile = {
    name,
    type,
    nullCount: c.nulls,
    allNumeric: nonNull > 0 && allNumeric,
    distinctCount: c.distinct.size,
    distinctCapped: c.distinctCapped,
  };
  if (c.numeric > 0) column.numeric = { count: c.numeric, min: c.min, max: c.max, mean: c.sum / c.numeric };
  // A numeric column lists its values only when there are few (class labels, codes, 0/1 flags).
  if (type !== "numeric" || (!c.distinctCapped && c.distinct.size <= TOP_VALUES)) column.distinct = top;
  if (c.firstNonNumeric && c.numeric > 0) column.firstNonNumeric = c.firstNonNumeric;
  return column;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function fromCsvError(e: CsvError, header: string[] | null) {
  const info = e as CsvError & { lines?: number; records?: number; record?: string[]; column?: number | string };
  const line = info.lines;
  // csv-parse counts the header as a record, and the failing record is the one after those it
  // counted: with the header as record 0, the failing data row is `records`.
  const row = info.records ?? (header ? 1 : 0);
  const where = row > 0 ? `Row ${row}${line ? ` (line ${line})` : ""}` : `The header${line ? ` (line ${line})` : ""}`;
  switch (e.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
      const found = info.record?.length;
      const expected = header?.length ?? Number(/expect (\d+)/.exec(e.message)?.[1]);
      return unprocessable(
        `${where} has ${found} ${found === 1 ? "column" : "columns"}; the header has ${expected}. Every row needs one value per header column (quote values that contain commas).`,
        { row, line, expected, found },
      );
    }
    case "CSV_QUOTE_NOT_CLOSED":
      return unprocessable(`${where}: a quoted value is never closed (a '"' without its closing '"')`, { row, line });
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return unprocessable(`${where}, column ${columnLabel(info, header)}: a '"' inside a value must be doubled ("") and the value quoted`, { row, line });
    case "CSV_MAX_RECORD_SIZE":
      return unprocessable(`${where} is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MB: is a quote left open?`, { row, line });
    default:
      return unprocessable(`${where}: ${e.message}`, { row, line });
  }
}

function columnLabel(info: { column?: number | string }, header: string[] | null): string {
  const i = typeof info.column === "number" ? info.column : Number(info.column);
  if (!Number.isInteger(i)) return "?";
  return header?.[i] ? `${i + 1} ('${header[i]}')` : String(i + 1);
}
