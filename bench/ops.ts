// What the operator's tools cost: the per-request HTTP metrics hook (observe) in isolation, a
// full /metrics scrape, and `/api/v1/public/stats` served through the app with the metrics hooks
// on (the dashboard budget is p99 < 20 ms). Runs on the page-test app (test/full-app.ts: a day of
// shares, SQLite unless TBG_TEST_DATABASE=postgres).
import { HttpMetrics } from "../src/core/metrics.ts";
import { fullApp } from "../test/full-app.ts";

const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

const h = new HttpMetrics();
const N = 1_000_000;
let t0 = performance.now();
for (let i = 0; i < N; i++) h.observe("GET", i % 2 ? "/api/v1/public/stats" : "/pool", 200, (i % 50) / 1000);
const observeNs = ((performance.now() - t0) * 1e6) / N;

const f = await fullApp();
const scrape: number[] = [];
for (let i = 0; i < 20; i++) await f.app.handle(new Request("http://127.0.0.1/metrics"));
for (let i = 0; i < 300; i++) {
  t0 = performance.now();
  await (await f.app.handle(new Request("http://127.0.0.1/metrics"))).text();
  scrape.push(performance.now() - t0);
}
const stats: number[] = [];
for (let i = 0; i < 200; i++) await f.app.handle(new Request("http://127.0.0.1/api/v1/public/stats"));
for (let i = 0; i < 2000; i++) {
  t0 = performance.now();
  await (await f.app.handle(new Request("http://127.0.0.1/api/v1/public/stats"))).text();
  stats.push(performance.now() - t0);
}
const bytes = (await (await f.app.handle(new Request("http://127.0.0.1/metrics"))).text()).length;
console.log(`HttpMetrics.observe: ${observeNs.toFixed(0)} ns per request`);
console.log(`/metrics scrape (${bytes} bytes): p50 ${pct(scrape, 0.5).toFixed(2)} ms, p99 ${pct(scrape, 0.99).toFixed(2)} ms`);
console.log(`/api/v1/public/stats with the hooks: p50 ${pct(stats, 0.5).toFixed(2)} ms, p99 ${pct(stats, 0.99).toFixed(2)} ms`);
await f.close();
