import { closeSync, openSync, rmSync, writeSync } from "node:fs";

export type TSyncFileWriter = {
  /** Appends UTF-8 text; written to disk a block at a time. */
  write(text: string): void;
  /** Appends bytes[start, end). */
  writeBytes(bytes: Buffer, start: number, end: number): void;
  /** Writes what is staged and closes the file; returns the bytes written. */
  close(): number;
  /** Closes and removes the file: a failed or stopped job leaves nothing behind. */
  abort(): void;
};

// About a megabyte staged per write: a few hundred writes for a million scored rows.
const BLOCK_BYTES = 1 << 20;

/**
 * A new file (it must not exist: 'wx') written with synchronous writes of about a megabyte. The
 * scoring loop hands each batch over synchronously on the thread that runs onnxruntime, and a write
 * to the page cache costs far less than scoring the rows it holds, so there is nothing to overlap
 * and no stream backpressure to manage; memory stays one block whatever the file size.
 */
export function createSyncFileWriter(path: string): TSyncFileWriter {
  const fd = openSync(path, "wx");
  const block = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  let total = 0;
  let closed = false;
  const writeAll = (bytes: Uint8Array) => {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    total += bytes.length;
  };
  const flush = () => {
    if (used === 0) return;
    writeAll(block.subarray(0, used));
    used = 0;
  };
  return {
    write(text) {
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      if (used + text.length * 3 > BLOCK_BYTES) {
        flush();
        if (text.length * 3 > BLOCK_BYTES) {
          writeAll(Buffer.from(text, "utf8"));
          return;
        }
      }
      used += block.write(text, used, "utf8");
    },
    writeBytes(bytes, start, end) {
      const n = end - start;
      if (used + n > BLOCK_BYTES) {
        flush();
        if (n > BLOCK_BYTES) {
          writeAll(bytes.subarray(start, end));
          return;
        }
      }
      used += bytes.copy(block, used, start, end);
    },
    close() {
      flush();
      closed = true;
      closeSync(fd);
      return total;
    },
    abort() {
      if (!closed) {
        closed = true;
        try {
          closeSync(fd);
        } catch {
          // Already closed by a failed write: removing the file is what matters.
        }
      }
      rmSync(path, { force: true });
    },
  };
}
