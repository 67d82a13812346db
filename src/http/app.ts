// The Elysia app factory: one instance per feature, assembled here. Cross-cutting behaviour
// (request ids, security headers, the error shape) lives in the hooks below so that every
// route — and every unknown route — answers the same way.
import { Elysia } from "elysia";
import { rememberIp } from "../auth/client-ip.ts";
import { clientAddress, trustedProxies } from "./client-address.ts";
import { assetRoutes, loadAssets } from "./assets.ts";
import type { AppDeps } from "./deps.ts";
import { docsPage, docsPlugin } from "./docs.ts";
import { checkDeclaredLength, parseBody, SERVER_MAX_BODY_BYTES } from "./body-limit.ts";
import { errorPageResponse, wantsPage } from "./error-page.ts";
import { errorBody, httpFailure, type HttpFailure } from "./errors.ts";
import { healthRoutes } from "./routes/health.ts";
import { HttpMetrics } from "../core/metrics.ts";
import { MAX_BUFFERED_BYTES } from "../realtime/hub.ts";
import { statusPageRoutes } from "./routes/status-page.ts";
import { requestIdFor, SECURITY_HEADERS } from "./security.ts";

/** Each feature contributes a plugin built from the same deps. */
export type Feature = (deps: AppDeps) => Elysia<any, any, any, any, any, any, any>;

export async function createApp(deps: AppDeps, features: Feature[] = []) {
  await loadAssets();
  const log = deps.log.child("http");
  const trusted = trustedProxies(deps.config.http.trustedProxies);
  // Requests by route template and status, with latency, for /metrics.
  const http = deps.metrics ? new HttpMetrics() : null;
  if (http && deps.metrics) http.register(deps.metrics);
  const started = new WeakMap<Request, number>();
  // maxRequestBodySize: Bun's own cap for any body (see body-limit.ts); Bun.serve gets it on listen.
  // WebSocket frames from clients are a few hundred bytes (src/realtime/protocol.ts); a bigger one
  // closes that socket. A socket with more than MAX_BUFFERED_BYTES unread is closed by Bun (slow client).
  let app = new Elysia({ serve: { maxRequestBodySize: SERVER_MAX_BODY_BYTES }, websocket: { maxPayloadLength: 16 * 1024, idleTimeout: 120, backpressureLimit: MAX_BUFFERED_BYTES, closeOnBackpressureLimit: true } })
    .onRequest(({ request, set, server }) => {
      if (http) started.set(request, performance.now());
      set.headers["x-request-id"] = requestIdFor(request);
      // Rate limits and the audit log read this (src/auth/client-ip.ts).
      const peer = server?.requestIP(request)?.address;
      if (peer) rememberIp(request, clientAddress(peer, request.headers.get("x-forwarded-for"), trusted));
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) set.headers[k] = v;
      // Too large by its own declaration: refused before any of the body is read.
      const declared = checkDeclaredLength(request);
      if (declared) throw declared;
      // Swagger UI is our own page; answered here so the plugin's CDN-based page never is.
      if (request.method === "GET" && new URL(request.url).pathname === "/docs") return docsPage();
    })
    .onAfterResponse({ as: "global" }, ({ request, route, set, responseValue }) => {
      const t0 = started.get(request);
      if (!http || t0 === undefined) return;
      const status = responseValue instanceof Response ? responseValue.status : typeof set.status === "number" ? set.status : 200;
      http.observe(request.method, route || "unmatched", status, (performance.now() - t0) / 1000);
    })
    // Every body goes through the bounded reader and the JSON depth check.
    .onParse({ as: "global" }, ({ request }) => parseBody(request))
    .onError(({ code, error, set, request }) => {
      const f = failureOf(code, error, request);
      if (f.status >= 500 && f.code === "INTERNAL_ERROR") log.error("request failed", { path: new URL(request.url).pathname, error: error as Error, request_id: set.headers["x-request-id"] });
      set.status = f.status;
      Object.assign(set.headers, f.headers);
      // A browser gets an app page with navigation; APIs keep the JSON shape.
      if (wantsPage(request)) return errorPageResponse(request, f.status, f.message, String(set.headers["x-request-id"] ?? ""));
      return errorBody(f.code, f.message, f.details);
    })
    .use(docsPlugin(deps.version))
    .use(assetRoutes())
    .use(healthRoutes(deps))
    .use(statusPageRoutes(deps));
  for (const feature of features) app = app.use(feature(deps));
  return app;
}

export type App = Awaited<ReturnType<typeof createApp>>;

/** What an error answers: our own refusals keep theirs, Elysia's own kinds get one each, anything else is a 500. */
function failureOf(code: unknown, error: unknown, request: Request): HttpFailure {
  // Elysia wraps whatever the parse step throws; our own refusals (413, too deep) keep their answer.
  const own = httpFailure(error) ?? (code === "PARSE" ? httpFailure((error as Error).cause) : null);
  if (own) return own;
  const plain = (status: number, c: string, message: string, details: unknown = null): HttpFailure => ({ status, code: c, message, details, headers: {} });
  switch (code) {
    case "NOT_FOUND":
      return plain(404, "NOT_FOUND", `No route for ${request.method} ${new URL(request.url).pathname}`);
    case "VALIDATION":
      return plain(422, "VALIDATION_ERROR", "The request is not valid", validationDetails(error));
    case "PARSE":
      return plain(400, "MALFORMED_BODY", "The request body could not be parsed");
    case "INVALID_COOKIE_SIGNATURE":
      return plain(400, "BAD_COOKIE", "A cookie was tampered with");
    default: {
      const status = typeof (error as { status?: unknown }).status === "number" ? (error as { status: number }).status : 500;
      return plain(status, status >= 500 ? "INTERNAL_ERROR" : "REQUEST_ERROR", status >= 500 ? "Something went wrong on our side" : String((error as Error).message ?? "Request failed"));
    }
  }
}

/** Field-level reasons from Elysia's validation error, without echoing whole values back. */
function validationDetails(error: unknown): { field: string; message: string }[] {
  const all = (error as { all?: { path?: string; message?: string; summary?: string }[] }).all;
  if (!Array.isArray(all)) return [];
  return all.slice(0, 20).map((e) => ({ field: (e.path ?? "").replace(/^\//, "").replace(/\//g, ".") || "(body)", message: e.summary ?? e.message ?? "invalid" }));
}
