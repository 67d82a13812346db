// The one error shape of the API (seed 003 §6 "Error Response Format"):
// { "error": { "code": "UPPER_SNAKE", "message": "…", "details": … | null } }.
import { t } from "elysia";
import { AppError, type AppErrorCode } from "../core/errors.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The status each kind of domain failure answers with: the one place that knows. */
const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface HttpFailure {
  status: number;
  /** What the body's `error.code` says (a domain error's specific reason when it has one). */
  code: string;
  message: string;
  details: unknown;
  headers: Record<string, string>;
}

/** A thrown domain or web error as the answer it gets; null for anything else (a bug: 500). */
export function httpFailure(e: unknown): HttpFailure | null {
  if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message, details: e.details, headers: e.headers };
  if (!(e instanceof AppError)) return null;
  const headers: Record<string, string> = {};
  if (e.code === "UNAUTHORIZED") headers["www-authenticate"] = 'Bearer realm="tbg"';
  const retry = (e.details as { retry_after?: unknown } | null)?.retry_after;
  if (e.code === "RATE_LIMITED" && typeof retry === "number") headers["retry-after"] = String(retry);
  return { status: STATUS[e.code], code: e.publicCode, message: e.message, details: e.details, headers };
}

export function errorBody(code: string, message: string, details: unknown = null) {
  return { error: { code, message, details } };
}

/** OpenAPI model of the error body, for route `response` declarations. */
export const ErrorModel = t.Object({
  error: t.Object({ code: t.String(), message: t.String(), details: t.Any() }),
});

export const notFound = (what: string) => new ApiError(404, "NOT_FOUND", `${what} not found`);
export const badRequest = (message: string, details: unknown = null) => new ApiError(400, "BAD_REQUEST", message, details);
export const unauthorized = (message = "Authentication required") => new ApiError(401, "UNAUTHORIZED", message);
export const forbidden = (message = "You are not allowed to do this") => new ApiError(403, "FORBIDDEN", message);
