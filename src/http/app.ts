// The Elysia app factory: one instance per feature, assembled here. Cross-cutting behaviour
// (request ids, security headers, the error shape) lives in the hooks below so that every
// route — and every unknown route — answers the same way.
import { Elysia } from "elysia";
import { rememberIp } from "../auth/client-ip.ts";
import { clientAddress, trustedProxies } from "./client-address.ts";
import { assetRoutes, loadAssets } from "./assets.ts";
import type { AppDeps } from "./deps.ts";
import { docsPage, docsPlugin } from "./docs.ts";
import { ApiError, errorBody } from "./errors.ts";
import { healthRoutes } from "./routes/health.ts";
import { statusPageRoutes } from "./routes/status-page.ts";
import { requestIdFor, SECURITY_HEADERS } from "./security.ts";

/** Each feature contributes a plugin built from the same deps. */
export type Feature = (deps: AppDeps) => Elysia<any, any, any, any, any, any, any>;

export async function createApp(deps: AppDeps, features: Feature[] = []) {
  await loadAssets();
  const log = deps.log.child("http");
  const trusted = trustedProxies(deps.config.http.trustedProxies);
  let app = new Elysia()
    .onRequest(({ request, set, server }) => {
      set.headers["x-request-id"] = requestIdFor(request);
      // Rate limits and the audit log read this (src/auth/client-ip.ts).
      const peer = server?.requestIP(request)?.address;
      if (peer) rememberIp(request, clientAddress(peer, request.headers.get("x-forwarded-for"), trusted));
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) set.headers[k] = v;
      // Swagger UI is our own page; answered here so the plugin's CDN-based page never is.
      if (request.method === "GET" && new URL(request.url).pathname === "/docs") return docsPage();
    })
    .onError(({ code, error, set, request }) => {
      if (error instanceof ApiError) {
        set.status = error.status;
        Object.assign(set.headers, error.headers);
        return errorBody(error.code, error.message, error.details);
      }
      switch (code) {
        case "NOT_FOUND":
          set.status = 404;
          return errorBody("NOT_FOUND", `No route for ${request.method} ${new URL(request.url).pathname}`);
        case "VALIDATION":
          set.status = 422;
          return errorBody("VALIDATION_ERROR", "The request is not valid", validationDetails(error));
        case "PARSE":
          set.status = 400;
          return errorBody("MALFORMED_BODY", "The request body could not be parsed");
        case "INVALID_COOKIE_SIGNATURE":
          set.status = 400;
          return errorBody("BAD_COOKIE", "A cookie was tampered with");
        default: {
          const status = typeof (error as { status?: unknown }).status === "number" ? (error as { status: number }).status : 500;
          if (status >= 500) log.error("request failed", { path: new URL(request.url).pathname, error: error as Error, request_id: set.headers["x-request-id"] });
          set.status = status;
          return errorBody(status >= 500 ? "INTERNAL_ERROR" : "REQUEST_ERROR", status >= 500 ? "Something went wrong on our side" : String((error as Error).message ?? "Request failed"));
        }
      }
    })
    .use(docsPlugin(deps.version))
    .use(assetRoutes())
    .use(healthRoutes(deps))
    .use(statusPageRoutes(deps));
  for (const feature of features) app = app.use(feature(deps));
  return app;
}

export type App = Awaited<ReturnType<typeof createApp>>;

/** Field-level reasons from Elysia's validation error, without echoing whole values back. */
function validationDetails(error: unknown): { field: string; message: string }[] {
  const all = (error as { all?: { path?: string; message?: string; summary?: string }[] }).all;
  if (!Array.isArray(all)) return [];
  return all.slice(0, 20).map((e) => ({ field: (e.path ?? "").replace(/^\//, "").replace(/\//g, ".") || "(body)", message: e.summary ?? e.message ?? "invalid" }));
}
