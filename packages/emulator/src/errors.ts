/** Error codes the emulator answers with (Extend's documented codes plus file-upload codes). */
export type ErrorCode =
  | "INVALID_REQUEST"
  | "UNAUTHORIZED"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "RATE_LIMIT_EXCEEDED"
  | "INTERNAL_ERROR"
  | "BAD_GATEWAY"
  | "SERVICE_UNAVAILABLE"
  | "FILE_TYPE_NOT_SUPPORTED"
  | "FILE_SIZE_TOO_LARGE"
  | "CORRUPT_FILE"
  | "PASSWORD_PROTECTED_FILE";

/** A request that ends in an API error; thrown by handlers, rendered by {@link errorResponse}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** 400 INVALID_REQUEST with a message that names the field. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, "INVALID_REQUEST", message);
}

/** 404 NOT_FOUND. */
export function notFound(message: string): ApiError {
  return new ApiError(404, "NOT_FOUND", message);
}

/**
 * Thrown by the in-process fetch handler to model a dropped connection. It is a TypeError with the
 * message Node's fetch uses, so in-process clients see what they would see over a socket; the Node
 * server recognises it and destroys the socket instead.
 */
export class DroppedConnectionError extends TypeError {
  constructor() {
    super("fetch failed");
    this.name = "TypeError";
  }
}
