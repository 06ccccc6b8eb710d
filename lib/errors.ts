// The few error kinds the domain raises. One place (httpStatusOf / toErrorBody) maps them to HTTP.
export type TErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<TErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(code: TErrorCode, message: string, options: { details?: unknown; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const invalidInput = (message: string, details?: unknown) => new AppError("invalid_input", message, { details });
export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "You do not have permission to do this") => new AppError("forbidden", message);
export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, { details });
export const unprocessable = (message: string, details?: unknown) => new AppError("unprocessable", message, { details });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function httpStatusOf(e: unknown): number {
  return isAppError(e) ? e.status : 500;
}

export type TErrorBody = { error: { code: string; message: string; details?: unknown } };

export function toErrorBody(e: unknown): TErrorBody {
  if (isAppError(e)) {
    return { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
  }
  return { error: { code: "internal", message: "Internal error" } };
}
