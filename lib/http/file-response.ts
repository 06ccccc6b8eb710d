import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { downloadResponse } from "@/lib/http/download-response";

/** A stored file as a download, streamed from disk (never read whole into memory), with its length. */
export function fileResponse(file: { path: string; size: number; filename: string; contentType: string }): Response {
  return downloadResponse(Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>, file);
}
