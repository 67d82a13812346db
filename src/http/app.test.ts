import { describe, expect, test } from "bun:test";
import { Elysia, t } from "elysia";
import { appHarness } from "../../test/app-harness.ts";
import { TEST_ENGINE } from "../../test/storage.ts";

const echo = () =>
  new Elysia().post("/api/v1/echo", ({ body }) => body, { body: t.Object({ n: t.Integer({ minimum: 1 }), name: t.String({ maxLength: 8 }) }) });

describe("HTTP foundation", () => {
  test("/health answers while the process runs", async () => {
    const h = await appHarness();
    h.clock.now += 90_000;
    const r = await h.request("/health");
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: "ok", uptime_s: 90, version: "0.0.0-test" });
  });

  test("/health/ready is 503 with reasons until the node gives work, then 200", async () => {
    const h = await appHarness();
    h.poolStatus.node = { state: "down", since: 0, lastError: "connect ECONNREFUSED 127.0.0.1:8332" };
    let r = await h.request("/health/ready");
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({
      error: { code: "NOT_READY", message: "Not ready to serve miners", details: { database: "ok", node: "down", node_error: "connect ECONNREFUSED 127.0.0.1:8332", stratum: {}, events: {} } },
    });
    h.poolStatus.node = { state: "ready", since: 0 };
    r = await h.request("/health/ready");
    expect(r.status).toBe(200);
    // The pool and the bus add their counters (none wired in this harness).
    // Alone (no other instances wired), this instance runs the scheduled jobs.
    expect(await r.json()).toEqual({ status: "ready", checks: { database: "ok", engine: TEST_ENGINE, node: "ready" }, leader: true, stratum: {}, events: {} });
    await h.close();
    r = await h.request("/health/ready");
    expect(r.status).toBe(503);
    expect(((await r.json()) as { error: { details: { database: string } } }).error.details.database).toBe("unavailable");
  });

  test("unknown routes, validation errors and malformed bodies use the error shape", async () => {
    const h = await appHarness({ features: [echo] });
    let r = await h.request("/no/such/page");
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: { code: "NOT_FOUND", message: "No route for GET /no/such/page", details: null } });

    r = await h.request("/api/v1/echo", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: 0, name: "<script>too long</script>" }) });
    expect(r.status).toBe(422);
    const body = (await r.json()) as { error: { code: string; details: { field: string }[] } };
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.details.map((d) => d.field).sort()).toEqual(["n", "name"]);

    r = await h.request("/api/v1/echo", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe("MALFORMED_BODY");

    r = await h.request("/api/v1/echo", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: 2, name: "ok" }) });
    expect(await r.json()).toEqual({ n: 2, name: "ok" });
  });

  test("every response carries a request id and the security headers", async () => {
    const h = await appHarness();
    for (const path of ["/health", "/", "/nope", "/docs/json"]) {
      const r = await h.request(path);
      expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      const csp = r.headers.get("content-security-policy")!;
      expect(csp).toContain("script-src 'self' 'unsafe-inline' 'unsafe-eval' https://telegram.org");
      expect(csp).toContain("frame-ancestors 'self' https://web.telegram.org");
    }
    const r = await h.request("/health", { headers: { "x-request-id": "trace-42" } });
    expect(r.headers.get("x-request-id")).toBe("trace-42");
    const hostile = await h.request("/health", { headers: { "x-request-id": "<bad id>" } });
    expect(hostile.headers.get("x-request-id")).not.toContain("<");
  });

  test("OpenAPI JSON at /docs/json and a self-hosted Swagger UI at /docs", async () => {
    const h = await appHarness({ features: [echo] });
    const spec = (await (await h.request("/docs/json")).json()) as { openapi: string; info: { title: string }; paths: Record<string, unknown> };
    expect(spec.openapi).toStartWith("3.");
    expect(spec.info.title).toBe("The Bitcoin Game API");
    expect(Object.keys(spec.paths)).toContain("/health/ready");
    expect(Object.keys(spec.paths)).toContain("/api/v1/echo");
    expect(Object.keys(spec.paths).some((p) => p.startsWith("/assets"))).toBe(false);
    const page = await (await h.request("/docs")).text();
    expect(page).toContain("SwaggerUIBundle");
    expect(page).not.toContain("unpkg.com");
    const js = page.match(/src="(\/assets\/[0-9a-f]+\/swagger-ui-bundle\.js)"/)![1]!;
    expect((await h.request(js)).status).toBe(200);
  });

  test("static assets: versioned URLs cached for a year, wrong versions not served", async () => {
    const h = await appHarness();
    const page = await (await h.request("/")).text();
    const htmx = page.match(/src="(\/assets\/([0-9a-f]{12})\/htmx\.min\.js)"/)!;
    const r = await h.request(htmx[1]!);
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(r.headers.get("content-type")).toStartWith("text/javascript");
    expect(await r.text()).toContain("htmx");
    expect((await h.request("/assets/000000000000/htmx.min.js")).status).toBe(404);
    expect((await h.request(`/assets/${htmx[2]}/../../etc/passwd`)).status).toBe(404);
    const plain = await h.request("/static/app.css");
    expect(plain.headers.get("cache-control")).toContain("must-revalidate");
    expect(await plain.text()).toContain("--tg-theme-bg-color");
  });
});

describe("pool status page", () => {
  test("a normal request gets the whole page in the Telegram-aware shell", async () => {
    const h = await appHarness();
    h.poolStatus.node = { state: "ready", since: 0 };
    h.poolStatus.height = 879500;
    h.poolStatus.sessions = 3;
    const r = await h.request("/");
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(r.headers.get("vary")).toBe("HX-Request");
    const page = await r.text();
    // Telegram's script is added by an inline check, async and only inside Telegram: never a blocking tag.
    expect(page.indexOf("telegram-web-app.js")).toBeLessThan(page.indexOf("app.js\""));
    expect(page).not.toMatch(/<script[^>]+src="https:\/\/telegram\.org/);
    expect(page).toContain("<title>Pool status · The Bitcoin Game</title>");
    expect(page).toContain('<code id="stratum-url">stratum+tcp://pool.lan:3333</code>');
    expect(page).toContain("<b>Stratum URL</b>: <code>pool.lan</code>");
    expect(page).toContain(">connected<");
    expect(page).toContain(">879500<");
  });

  test("errors reached by a browser are app pages with navigation; APIs and JSON callers keep the error shape", async () => {
    const h = await appHarness();
    const browser = await h.request("/no/such/page", { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(browser.status).toBe(404);
    expect(browser.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const page = await browser.text();
    expect(page).toContain("<h1>Page not found</h1>");
    expect(page).toContain('<nav id="tabs"');
    const htmx = await h.request("/no/such/page", { headers: { "hx-request": "true" } });
    expect(htmx.status).toBe(404);
    expect(htmx.headers.get("hx-retarget")).toBe("#main");
    expect(await htmx.text()).toContain("<h1>Page not found</h1>");
    for (const [path, accept] of [["/api/v1/nothing", "text/html"], ["/no/such/page", "application/json"], ["/no/such/page", "*/*"]] as const) {
      const r = await h.request(path, { headers: { accept } });
      expect(r.status).toBe(404);
      expect((await r.json()).error.code).toBe("NOT_FOUND");
    }
  });

  test("a failure inside a page is a 500 page for a browser and the JSON shape for an API; neither shows the cause", async () => {
    const boom = () =>
      new Elysia()
        .get("/broken", () => {
          throw new Error("secret detail");
        })
        .get("/api/v1/broken", () => {
          throw new Error("secret detail");
        });
    const h = await appHarness({ features: [boom] });
    const page = await h.request("/broken", { headers: { accept: "text/html" } });
    expect(page.status).toBe(500);
    const body = await page.text();
    expect(body).toContain("<h1>Something went wrong</h1>");
    expect(body).toContain('<nav id="tabs"');
    expect(body).not.toContain("secret detail");
    const api = await h.request("/api/v1/broken", { headers: { accept: "text/html" } });
    expect(api.status).toBe(500);
    expect(await api.json()).toEqual({ error: { code: "INTERNAL_ERROR", message: "Something went wrong on our side", details: null } });
  });

  test("an htmx request gets only the fragment", async () => {
    const h = await appHarness();
    const page = await (await h.request("/", { headers: { "hx-request": "true" } })).text();
    expect(page).toStartWith("<title>Pool status · The Bitcoin Game</title>");
    // The tab bar comes along out of band, marking the place this page belongs to.
    expect(page).toContain('<nav id="tabs" class="tabbar" aria-label="Main" data-inner="" data-tab="home" hx-swap-oob="true">');
    expect(page).toContain('<a href="/" data-tab="home" aria-current="page">');
    expect(page).toContain("<h1>Pool status</h1>");
    expect(page).not.toContain("<html");
    const restore = await (await h.request("/", { headers: { "hx-request": "true", "hx-history-restore-request": "true" } })).text();
    expect(restore).toStartWith("<!doctype html>");
  });

  test("says when the node is unreachable, and escapes what it shows", async () => {
    const h = await appHarness({ env: { TBG_STRATUM_PUBLIC_HOST: "<img src=x onerror=alert(1)>" } });
    h.poolStatus.node = { state: "down", since: 0, lastError: "<script>alert(1)</script>" };
    const page = await (await h.request("/partials/status")).text();
    expect(page).toContain(">unreachable<");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("get work as soon as the node answers");
    const full = await (await h.request("/")).text();
    expect(full).not.toContain("<img src=x");
    expect(full).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
