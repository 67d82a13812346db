// Who gets an error as a page: a browser (it asked for text/html) and htmx (which swaps the page
// into the app frame). APIs — /api/…, the ckpool-compatible /users/…, the OpenAPI document — and
// anyone asking for JSON keep the one JSON error shape (errors.ts).
import { errorPage, errorTitle } from "../../views/pages/error.ts";
import { isHtmx, renderPage } from "./page.ts";

const JSON_ONLY = /^\/(api|users|docs\/json|health|metrics)(\/|$)/;

export function wantsPage(request: Request): boolean {
  if (JSON_ONLY.test(new URL(request.url).pathname)) return false;
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("application/json") && !accept.includes("text/html")) return false;
  return request.headers.get("hx-request") === "true" || accept.includes("text/html");
}

export function errorPageResponse(request: Request, status: number, message: string, requestId?: string): Response {
  const path = new URL(request.url).pathname;
  // A form or a polled part that fails shows the error page in the app frame, not inside itself.
  const headers: Record<string, string> = isHtmx(request) ? { "hx-retarget": "#main", "hx-reswap": "innerHTML show:window:top", "hx-push-url": "false" } : {};
  return renderPage(request, { title: errorTitle(status), path }, errorPage(status, message, requestId), status, headers);
}
