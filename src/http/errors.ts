// The one error shape of the API (seed 003 §6 "Error Response Format"):
// { "error": { "code": "UPPER_SNAKE", "message": "…", "details": … | null } }.
import { t } from "elysia";

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
