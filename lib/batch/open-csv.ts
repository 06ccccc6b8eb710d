import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

export type TCsv = { done: Promise<void>; pause(): void; resume(): void; fail(error: unknown): void };

/**
 * csv-parse in flowing mode: each record is handed to `onRecord` synchronously as it is parsed, so
 * no promise is made per row and each record is garbage before the next (the heap stays flat
 * whatever the file size). A throw from onRecord (bad data) or from scoring (`fail`) ends the stream
 * with that error, so `done` rejects with it and nothing is read after it.
 * relaxColumnCount: hand over rows whose cell count differs from the header's (batch scoring reports
 * them as bad rows) instead of ending the stream with CSV_RECORD_INCONSISTENT_FIELDS_LENGTH.
 */
export function openCsv(path: string, onRecord: (record: string[]) => void, options: { relaxColumnCount?: boolean } = {}): TCsv {
  const file = createReadStream(path);
  const parser = file.pipe(parse({ bom: true, relax_column_count: options.relaxColumnCount ?? false, skip_empty_lines: true }));
  let failed = false;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    fail = (error) => {
      if (failed) return;
      failed = true;
      file.destroy();
      parser.destroy();
      reject(error);
    };
    file.on("error", fail);
    parser.on("error", fail);
    parser.on("end", resolve);
    parser.on("data", (record: string[]) => {
      if (failed) return;
      try {
        onRecord(record);
      } catch (e) {
        fail(e);
      }
    });
  });
  return { done, fail: (error) => fail(error), pause: () => parser.pause(), resume: () => parser.resume() };
}
