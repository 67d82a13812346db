// Page weight and first render, per page of the app (the same list the page tests use: the route
// table). Weight = the page's HTML + app.css + app.js (htmx and Alpine are excluded: vendor
// files, cached for a year under a hashed URL). First render = first contentful paint in headless
// Chromium at 360×740, with telegram.org black-holed (requests to it never answer), median of 5
// loads with a warm cache. Budget: 60 KB and 300 ms; the script exits non-zero past either.
import { gzipSync } from "bun";
import { launchBrowser, serveForBrowser } from "../test/browser.ts";
import { fullApp, MINER } from "../test/full-app.ts";
import { pageRoutes } from "../test/page-checks.ts";
import { findAsset } from "../views/assets.ts";

const BUDGET_BYTES = 60 * 1024;
const BUDGET_MS = 300;
const RUNS = 5;

const f = await fullApp();
const cookie = await f.adminCookie();
const { base, stop } = serveForBrowser(f.app);
const pages = [...(await pageRoutes(f.app, cookie)), `/dashboard?address=${MINER}`, `/setup?address=${MINER}`];
const css = new Uint8Array(findAsset("app.css")!.body), js = new Uint8Array(findAsset("app.js")!.body);
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
await context.addCookies([{ name: "tbg_session", value: /tbg_session=([^;]+)/.exec(cookie)![1]!, url: base }]);
// Black hole: what a LAN that blocks telegram.org looks like. Never answered.
await context.route("https://telegram.org/**", () => new Promise(() => {}));
const page = await context.newPage();

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[] = [];
let over = false;
for (const path of pages) {
  const html = new Uint8Array(await (await f.app.handle(new Request(base + path, { headers: { cookie, accept: "text/html" } }))).arrayBuffer());
  const bytes = html.length + css.length + js.length;
  const gz = gzipSync(html).length + gzipSync(css).length + gzipSync(js).length;
  const paints: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(base + path, { waitUntil: "load" });
    // Headless Chromium may record the first paint after `load`: wait for the entry.
    const t = await page.evaluate(
      () =>
        new Promise<{ fcp: number; load: number }>((resolve) =>
          new PerformanceObserver((list, obs) => {
            const e = list.getEntries().find((x) => x.name === "first-contentful-paint");
            if (!e) return;
            obs.disconnect();
            resolve({ fcp: e.startTime, load: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd });
          }).observe({ type: "paint", buffered: true }),
        ),
    );
    paints.push(t.fcp);
    loads.push(t.load);
  }
  const fcp = median(paints), load = median(loads);
  const bad = bytes > BUDGET_BYTES || !(fcp < BUDGET_MS);
  over ||= bad;
  rows.push(`| ${path.length > 40 ? path.slice(0, 37) + "…" : path} | ${(bytes / 1024).toFixed(1)} KB | ${(gz / 1024).toFixed(1)} KB | ${fcp.toFixed(0)} ms | ${load.toFixed(0)} ms |${bad ? " OVER" : ""}`);
}
console.log(`app.css ${(css.length / 1024).toFixed(1)} KB, app.js ${(js.length / 1024).toFixed(1)} KB; budget ${BUDGET_BYTES / 1024} KB and ${BUDGET_MS} ms\n`);
console.log("| page | HTML+CSS+JS | gzipped | first paint | load |\n|---|---|---|---|---|");
for (const r of rows) console.log(r);
await browser.close();
stop();
await f.close();
process.exit(over ? 1 : 0);
