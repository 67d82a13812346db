// CORS for the JSON API, limited to TBG_CORS_ORIGINS (seed 003 §10 "CORS: frontend origin only").
// Same-origin pages need nothing; any other origin gets no CORS headers and the browser refuses.
import { Elysia } from "elysia";

const ALLOW_HEADERS = "authorization, content-type, x-api-key, x-request-id";
const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

export function corsRoutes(origins: readonly string[]) {
  const allowed = new Set(origins.map((o) => o.replace(/\/+$/, "")));
  return new Elysia({ name: "auth-cors" }).onRequest(({ request, set }) => {
    const origin = request.headers.get("origin");
    if (!origin || !allowed.has(origin) || !new URL(request.url).pathname.startsWith("/api/")) return;
    set.headers["access-control-allow-origin"] = origin;
    set.headers["vary"] = "Origin";
    if (request.method === "OPTIONS" && request.headers.get("access-control-request-method")) {
      return new Response(null, {
        status: 204,
        headers: { "access-control-allow-origin": origin, "access-control-allow-methods": ALLOW_METHODS, "access-control-allow-headers": ALLOW_HEADERS, "access-control-max-age": "600", vary: "Origin" },
      });
    }
  });
}
