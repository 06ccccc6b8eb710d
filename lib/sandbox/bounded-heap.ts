/**
 * Keeping the scoring sandbox child's memory independent of its file's size (batch scoring reads
 * CSVs of any length and keeps nothing per row). Their live heap is a few MB whatever the row count, but V8 sizes
 * its heap by how much it has allocated: the young generation doubles its semi-spaces as allocation
 * goes on, and short-lived garbage that a scavenge happened to catch alive piles up in the old
 * generation until a full collection that a small live heap makes rare. Measured in the score child
 * (card-fraud, 9-column CSV): heap 12 MB at 100k rows, 17 MB at 1M, 23 MB at 3M, each back to about
 * 6 MB live after a full collection; with these two measures it stays at 12 MB for all three, for
 * about 6 ms of collection per 100k rows. Not for evaluation: it keeps every row's score for exact
 * metrics, and there the small young generation promoted more and its peak RSS at 1M rows rose
 * from 115 to 131–133 MB (`npm run bench -- evaluate`, two runs each).
 */

/** Node flags for such a child: young-generation semi-spaces fixed at 2 MB, and gc() to call. */
export const BOUNDED_HEAP_FLAGS = ["--max-semi-space-size=2", "--expose-gc"];

/**
 * In the child: call with the rows handled so far (on each progress report); every `everyRows` it
 * runs a full collection, so what the old generation holds is at most that many rows' leftovers.
 * Does nothing in a process started without --expose-gc.
 */
export function createHeapCompactor(everyRows = 250_000): (rowsDone: number) => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  let last = 0;
  return (rowsDone) => {
    if (!gc || rowsDone - last < everyRows) return;
    last = rowsDone;
    gc();
  };
}
