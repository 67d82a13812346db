// Pages are fragments: an htmx request gets only the content of <main>, anything else the
// whole page (a history restore after a cache miss also needs the whole page).
import { fragment, layout, type PageMeta } from "../../views/layout.ts";
import type { Html } from "../../views/html.ts";

export function isHtmx(request: Request): boolean {
  return request.headers.get("hx-request") === "true" && request.headers.get("hx-history-restore-request") !== "true";
}

export function htmlResponse(body: Html | string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(String(body), {
    status,
    headers: { "content-type": "text/html; charset=utf-8", vary: "HX-Request", "cache-control": "no-store", ...headers },
  });
}

/** The session cookie's presence: lets the shell tell Telegram's automatic sign-in whether it is needed. */
function hasSession(request: Request): boolean {
  return /(?:^|;\s*)tbg_session=[^;]/.test(request.headers.get("cookie") ?? "");
}

export function renderPage(request: Request, meta: PageMeta, content: Html, status = 200, headers: Record<string, string> = {}): Response {
  const m = { ...meta, session: hasSession(request) };
  return htmlResponse(isHtmx(request) ? fragment(m, content) : layout(m, content), status, headers);
}

/** Redirect that works for both: htmx follows HX-Location without a full reload. */
export function redirect(request: Request, to: string): Response {
  if (isHtmx(request)) return new Response(null, { status: 204, headers: { "hx-location": JSON.stringify({ path: to, target: "#main" }) } });
  return new Response(null, { status: 303, headers: { location: to } });
}
