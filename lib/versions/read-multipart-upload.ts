import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError, invalidInput } from "@/lib/errors";
import { discardTemp, receiveToTemp, type TReceived } from "@/lib/storage/artifact-store";
import { formatBytes } from "@/lib/utils/format";

export type TMultipartUpload = { file: TReceived & { filename: string }; fields: Record<string, string> };

// Streams a multipart body: the one file goes straight to a temporary file (hashed on the way), the
// small text fields are collected. Nothing is buffered whole; on any error the temp file is removed.
export async function readMultipartUpload(
  headers: Headers,
  body: ReadableStream<Uint8Array> | null,
  opts: { maxBytes: number; fileField: string },
): Promise<TMultipartUpload> {
  const contentType = headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("unsupported_media_type", `Send multipart/form-data with a '${opts.fileField}' file part`);
  }
  const declared = Number(headers.get("content-length") ?? NaN);
  // Multipart framing adds a little; anything clearly above the cap is refused before reading.
  if (Number.isFinite(declared) && declared > opts.maxBytes + 1024 * 1024) {
    throw new AppError("payload_too_large", `The upload is larger than the limit of ${formatBytes(opts.maxBytes)}`);
  }
  if (!body) throw invalidInput(`The request has no body: send a '${opts.fileField}' file part`);

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": contentType }, limits: { files: 1, fields: 20, fieldSize: 1024 * 1024, parts: 24 } });
  } catch {
    throw invalidInput("Malformed multipart/form-data header (missing boundary?)");
  }

  const fields: Record<string, string> = {};
  let fileResult: Promise<TReceived & { filename: string }> | null = null;
  let extraFile = false;

  const done = new Promise<void>((resolve, reject) => {
    parser.on("file", (name, stream, info) => {
      if (name !== opts.fileField || fileResult) {
        extraFile = true;
        stream.resume();
        return;
      }
      fileResult = receiveToTemp(stream, opts.maxBytes).then((r) => ({ ...r, filename: info.filename ?? "upload" }));
      // A failure (413) must end the parse at once rather than wait for the rest of the body.
      fileResult.catch((e) => reject(e));
    });
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) {
        reject(invalidInput(`The form field '${name}' is too long`));
        return;
      }
      fields[name] = value;
    });
    parser.on("filesLimit", () => { extraFile = true; });
    parser.on("error", (e: unknown) => reject(invalidInput(`Malformed multipart body: ${e instanceof Error ? e.message : String(e)}`)));
    parser.on("close", () => resolve());
  });

  const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  source.on("error", (e) => parser.destroy(e));
  source.pipe(parser);

  try {
    await done;
    if (!fileResult) throw invalidInput(`The upload has no '${opts.fileField}' file part`);
    const file = await (fileResult as Promise<TReceived & { filename: string }>);
    if (extraFile) {
      await discardTemp(file.tmpPath);
      throw invalidInput(`Send exactly one file, in the '${opts.fileField}' part`);
    }
    return { file, fields };
  } catch (e) {
    source.unpipe(parser);
    source.destroy();
    if (fileResult) {
      await (fileResult as Promise<TReceived>).then((r) => discardTemp(r.tmpPath), () => undefined);
    }
    throw e;
  }
}
