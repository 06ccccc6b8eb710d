import { openCsv } from "@/lib/batch/open-csv";
import { createBatchQueue, type TBatchQueue, type TQueuedBatch, type TScoring } from "@/lib/batch/batch-queue";

// A bound on parsed rows waiting for onnxruntime: past it the CSV pauses until half are scored. Today
// runs execute before the next chunk of the file is read, so only one chunk's rows ever wait; the
// bound keeps memory flat should runs ever complete later (a slower or truly asynchronous runtime).
const MAX_ROWS_WAITING = 16_384;

export type TStreamCsvBatches<B extends TQueuedBatch> = {
  path: string;
  batchSize: number;
  newBatch: () => B;
  scoring: TScoring<B>;
  /** Given the header (trimmed cells), checks it and returns the per-row reader that fills `queue.current` and submits it when full. */
  createRowReader: (header: string[], queue: TBatchQueue<B>) => (record: string[]) => void;
  relaxColumnCount?: boolean;
};

/**
 * Streams a CSV into batches and scores each full one (evaluation and batch scoring). Records are
 * handled synchronously as csv-parse emits them (lib/batch/open-csv.ts). A full batch's run starts at
 * once; onnxruntime-node executes runs synchronously on this thread, each in its own setImmediate
 * (there is no inference thread to overlap with), so the batches parsed from one chunk of the file
 * are all scored before the next chunk, and nothing waits on a promise per batch. Resolves once every
 * row is scored; false if the file had no header. Rejects with the first error of the row reader,
 * the parser or scoring.
 */
export async function streamCsvBatches<B extends TQueuedBatch>(opts: TStreamCsvBatches<B>): Promise<boolean> {
  let readRow: ((record: string[]) => void) | null = null;
  // Records arrive once the stream flows, after `queue` below exists.
  const csv = openCsv(opts.path, (record) => {
    if (readRow) readRow(record);
    else readRow = opts.createRowReader(record.map((h) => h.trim()), queue);
  }, { relaxColumnCount: opts.relaxColumnCount });
  const queue = createBatchQueue(opts.newBatch, opts.scoring, Math.max(2, Math.ceil(MAX_ROWS_WAITING / opts.batchSize)), csv);
  try {
    await csv.done;
  } catch (e) {
    queue.stop();
    throw e;
  }
  queue.submit();
  await queue.drained();
  return readRow !== null;
}
