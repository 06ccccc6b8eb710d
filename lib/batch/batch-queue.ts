import type { InferenceSession } from "onnxruntime-node";
import type { TCsv } from "@/lib/batch/open-csv";

/** What a batch needs for the queue: how many of its rows are filled (reset to 0 once it is spare). */
export type TQueuedBatch = { rows: number };
export type TScoring<B> = { infer(batch: B): Promise<InferenceSession.ReturnType>; accumulate(batch: B, out: InferenceSession.ReturnType): void };
export type TBatchQueue<B> = { current: B; submit(): void; drained(): Promise<void>; stop(): void };

/**
 * Runs each submitted batch at once and hands the outputs to `accumulate` in submission order; a
 * batch's arrays are reused only after its run. Too many batches waiting (a model slower than the
 * parser) pause the CSV: memory stays bounded whatever the file size or batch size. A throw from
 * accumulate (or a failed run) ends the CSV with that error. Shared by evaluation and batch scoring.
 */
export function createBatchQueue<B extends TQueuedBatch>(newBatch: () => B, scoring: TScoring<B>, maxWaiting: number, csv: TCsv): TBatchQueue<B> {
  const spare: B[] = [];
  let waiting = 0;
  let paused = false;
  let stopped = false;
  let chain = Promise.resolve();
  const settle = async (batch: B, output: Promise<InferenceSession.ReturnType>) => {
    if (stopped) return;
    try {
      scoring.accumulate(batch, await output);
    } catch (e) {
      stopped = true;
      csv.fail(e);
      return;
    }
    batch.rows = 0;
    spare.push(batch);
    waiting--;
    if (paused && waiting <= maxWaiting / 2) {
      paused = false;
      csv.resume();
    }
  };
  const queue: TBatchQueue<B> = {
    current: newBatch(),
    submit() {
      const batch = queue.current;
      if (batch.rows === 0) return;
      queue.current = spare.pop() ?? newBatch();
      waiting++;
      if (waiting >= maxWaiting && !paused) {
        paused = true;
        csv.pause();
      }
      const output = scoring.infer(batch);
      // A failed run is reported in order by settle(); until then it must not count as unhandled.
      output.catch(() => undefined);
      chain = chain.then(() => settle(batch, output));
    },
    drained: () => chain,
    stop() {
      stopped = true;
    },
  };
  return queue;
}
