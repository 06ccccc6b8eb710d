import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, isAppError, toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";

// node:http plumbing for serve: bodies read under a byte limit, JSON answers with the control plane's
// error shape ({ error: { code, message, details? } }, lib/errors.ts).

/** The request body as text; 413 past `maxBytes` (from Content-Length, or while reading), 415 for a non-JSON type. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const type = req.headers["content-type"];
  if (type && !/json/i.test(type)) {
    return Promise.reject(new AppError("unsupported_media_type", "Send the body as application/json"));
  }
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    // A one-row body arrives in one chunk, usually with the headers: kept as is, not copied.
    let first: Buffer | null = null;
    let more: Buffer[] | null = null;
    let size = 0;
    // Inline listeners: tsx (esbuild keepNames) wraps every named function created per request.
    req.on("data", (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      if (first === null) first = chunk;
      else (more ??= [first]).push(chunk);
    });
    req.on("end", () => resolve(more ? Buffer.concat(more).toString("utf8") : first ? first.toString("utf8") : ""));
    req.on("error", reject);
  });
}

function tooLarge(maxBytes: number): AppError {
  const limit = maxBytes >= 1024 * 1024 ? `${(maxBytes / (1024 * 1024)).toFixed(maxBytes % (1024 * 1024) ? 1 : 0)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return new AppError("payload_too_large", `The body is larger than ${limit} (SERVE_MAX_BODY_BYTES); send fewer rows per request`, { details: [{ path: "", message: `at most ${maxBytes} bytes` }] });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(body);
  const all: Record<string, string | number> = { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) };
  if (headers) Object.assign(all, headers);
  res.writeHead(status, all);
  res.end(text);
}

/** Maps any error to its status and body; unexpected ones are logged and answered 500 without details. */
export function sendError(res: ServerResponse, e: unknown, headers: Record<string, string> = {}): void {
  if (!isAppError(e)) logger.error("unhandled error in serve", { err: e });
  const extra: Record<string, string> = { ...headers };
  if (isAppError(e) && e.retryAfterSeconds) extra["retry-after"] = String(e.retryAfterSeconds);
  // A body refused for its size may still be arriving: close the connection rather than read it.
  if (isAppError(e) && e.code === "payload_too_large") extra.connection = "close";
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, isAppError(e) ? e.status : 500, toErrorBody(e), extra);
}
