import { createReadStream } from "node:fs";
import { Readable } from "node:stream";

/**
 * A stored file as a download: streamed from disk (never read whole into memory), with its length,
 * the name to save it under and no caching by shared caches (job outputs are team data). `filename`
 * must already be [A-Za-z0-9._-] only.
 */
export function fileResponse(file: { path: string; size: number; filename: string; contentType: string }): Response {
  const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.size),
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
