/**
 * A body the browser saves (or, `inline`, shows) under `filename`: team data, so never cached by a
 * shared cache and never sniffed as another type. `filename` must already be [A-Za-z0-9._-] only.
 */
export function downloadResponse(body: BodyInit, file: { filename: string; contentType: string; size?: number; inline?: boolean }): Response {
  const headers: Record<string, string> = {
    "content-type": file.contentType,
    "content-disposition": `${file.inline ? "inline" : "attachment"}; filename="${file.filename}"`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  };
  if (file.size !== undefined) headers["content-length"] = String(file.size);
  return new Response(body, { headers });
}
