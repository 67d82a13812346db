// The exposition other features rely on: a gauge registered later (the WebSocket hub's socket
// count) shows up on the next scrape; labels are escaped; histograms are cumulative; a family
// whose reader throws is left out without breaking the rest. Checked by the strict parser.
import { expect, test } from "bun:test";
import { parsePrometheus, valueOf } from "../../test/prometheus.ts";
import { HttpMetrics, LATENCY_BUCKETS, MetricsRegistry } from "./metrics.ts";

test("a gauge registered by another feature appears on the next scrape, read at scrape time", async () => {
  const m = new MetricsRegistry();
  let sockets = 3;
  m.gauge("tbg_websocket_sockets", "Open WebSocket connections", () => sockets);
  expect(valueOf(parsePrometheus(await m.render()), "tbg_websocket_sockets")).toBe(3);
  sockets = 7;
  expect(valueOf(parsePrometheus(await m.render()), "tbg_websocket_sockets")).toBe(7);
  expect(() => m.gauge("bad name", "x", () => 1)).toThrow();
});

test("label values with quotes, backslashes and newlines survive; NaN and a failing reader are handled", async () => {
  const m = new MetricsRegistry();
  const odd = 'wor"ker\\1\nx';
  m.gauge("tbg_x", "help with \\ backslash\nand newline", () => [{ labels: { worker: odd }, value: 1.5 }]);
  m.gauge("tbg_unknown", "not known yet", () => NaN);
  m.gauge("tbg_broken", "reader throws", () => {
    throw new Error("db down");
  });
  const text = await m.render();
  const fams = parsePrometheus(text);
  expect(valueOf(fams, "tbg_x", { worker: odd })).toBe(1.5);
  expect(Number.isNaN(valueOf(fams, "tbg_unknown")!)).toBe(true);
  expect(fams.has("tbg_broken")).toBe(false);
  expect(text).toContain("# tbg_broken not collected: db down");
});

test("HTTP metrics: counts by route and status, cumulative latency buckets ending in +Inf = count", async () => {
  const m = new MetricsRegistry();
  const h = new HttpMetrics();
  h.register(m);
  h.observe("GET", "/pool", 200, 0.0004);
  h.observe("GET", "/pool", 200, 0.03);
  h.observe("GET", "/pool", 404, 9);
  const fams = parsePrometheus(await m.render());
  expect(valueOf(fams, "tbg_http_requests_total", { route: "/pool", status: "200" })).toBe(2);
  expect(valueOf(fams, "tbg_http_requests_total", { route: "/pool", status: "404" })).toBe(1);
  expect(valueOf(fams, "tbg_http_request_duration_seconds_bucket", { route: "/pool", le: String(LATENCY_BUCKETS[0]) })).toBe(1);
  expect(valueOf(fams, "tbg_http_request_duration_seconds_bucket", { route: "/pool", le: "0.05" })).toBe(2);
  expect(valueOf(fams, "tbg_http_request_duration_seconds_bucket", { route: "/pool", le: "+Inf" })).toBe(3);
  expect(valueOf(fams, "tbg_http_request_duration_seconds_count", { route: "/pool" })).toBe(3);
  expect(valueOf(fams, "tbg_http_request_duration_seconds_sum", { route: "/pool" })).toBeCloseTo(9.0304, 6);
});
