// The one error type domains throw. `code` says what kind of failure it is and is all the HTTP
// layer needs to choose a status (src/http maps it; nothing here knows about HTTP); `reason`
// is an optional specific UPPER_SNAKE code for clients (seed 003's "AUTH_INVALID_SIGNATURE")
// that the error body shows instead of the generic one.
export const APP_ERROR_CODES = [
  "BAD_REQUEST",
  "VALIDATION",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "RATE_LIMITED",
  "TOO_LARGE",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export interface AppErrorOptions {
  details?: unknown;
  reason?: string;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = "AppError";
  readonly details: unknown;
  readonly reason: string | undefined;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    opts: AppErrorOptions = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.details = opts.details ?? null;
    this.reason = opts.reason;
  }

  /** The code a client sees: the specific reason when there is one. */
  get publicCode(): string {
    return this.reason ?? this.code;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const badRequest = (message: string, details?: unknown, reason?: string) => new AppError("BAD_REQUEST", message, { details, reason });
export const validation = (message: string, details?: unknown, reason?: string) => new AppError("VALIDATION", message, { details, reason });
export const unauthorized = (message = "Authentication required", reason?: string) => new AppError("UNAUTHORIZED", message, { reason });
export const forbidden = (message = "You are not allowed to do this", reason?: string) => new AppError("FORBIDDEN", message, { reason });
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const conflict = (message: string, reason?: string) => new AppError("CONFLICT", message, { reason });
/** `retry_after` (whole seconds) travels in details: clients read it there, and the HTTP layer sends it as Retry-After. */
export const rateLimited = (retryAfterS: number, message = "Too many requests", reason?: string) =>
  new AppError("RATE_LIMITED", message, { details: { retry_after: retryAfterS }, reason });
