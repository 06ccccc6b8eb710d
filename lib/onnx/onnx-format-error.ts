import { AppError } from "@/lib/errors";

/**
 * The bytes are not a usable ONNX model. An AppError of kind "unprocessable" (HTTP 422) so an API
 * route that reads a model can surface it as is; `reason` says which way the file is wrong.
 */
export class OnnxFormatError extends AppError {
  readonly reason: "empty" | "not_onnx" | "corrupt" | "no_graph" | "invalid";

  constructor(reason: OnnxFormatError["reason"], message: string, options: { cause?: unknown } = {}) {
    super("unprocessable", message, { cause: options.cause, details: { reason } });
    this.name = "OnnxFormatError";
    this.reason = reason;
  }
}

export function isOnnxFormatError(e: unknown): e is OnnxFormatError {
  return e instanceof OnnxFormatError;
}
