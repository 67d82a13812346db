// Mining pages in a real browser at phone width: the dashboard fits 360 px with its chart and
// workers table, and the setup page turns green by itself when a new device's first share lands.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser, serveForBrowser } from "../../test/browser.ts";
import { loadConfig } from "../config.ts";
import type { Storage } from "../db/storage.ts";
import { openTestStorage } from "../../test/storage.ts";
import { createEventBus, type PoolBus } from "../events.ts";
import { createApp } from "../http/app.ts";
import { silentLogger } from "../log.ts";
import { createMining, type Mining } from "./service.ts";
import { miningFeature } from "../http/features/mining.ts";

const ADDR = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
const NEW = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
let browser: Browser, dir: string, storage: Storage, mining: Mining, bus: PoolBus, base: string, stop: () => void;

const share = (address: string, worker: string, timestamp: number) => ({
  source: "hosted" as const, address, worker, userAgent: "bitaxe/BM1366/v2.4.0", ip: "192.168.1.20", sessionId: "a", jobId: "1", height: 1,
  accepted: true, targetDifficulty: 1000, shareDifficulty: 1234, rejectCode: null, rejectReason: null, isBlock: false, timestamp,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tbg-mining-browser-"));
  storage = await openTestStorage("pages");
  const r = loadConfig({ TBG_DATA_DIR: dir });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  mining = await createMining({ storage, log: silentLogger, config: r.config, flushIntervalMs: 200 });
  const pool = { status: () => ({ listening: true, port: 3333, sessions: 1, workers: 1, node: { state: "ready" as const, since: 0 }, blocksFound: 0 }) };
  const app = await createApp({ config: r.config, storage, log: silentLogger, pool, version: "test", startedAt: Date.now(), now: Date.now }, [miningFeature(mining)]);
  bus = createEventBus();
  mining.attach(bus);
  const now = Date.now();
  for (let i = 0; i < 300; i++) bus.publish("share_submitted", share(ADDR, i % 2 ? "bitaxe-gamma-living-room" : "nerdqaxe", now - 3_600_000 + i * 12_000));
  await mining.flush();
  ({ base, stop } = serveForBrowser(app));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  stop?.();
  await mining?.stop();
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function phone() {
  const page = await browser.newPage({ viewport: { width: 360, height: 720 } });
  // A plain browser: telegram.org is unreachable and must not be needed.
  await page.route("https://telegram.org/**", (route) => route.abort());
  return page;
}

test("dashboard fits a 360 px screen: chart and workers visible, no sideways scroll", async () => {
  const page = await phone();
  await page.goto(`${base}/dashboard?address=${ADDR}`);
  await page.waitForSelector("#hashrate-chart");
  const m = await page.evaluate(() => {
    const chart = document.getElementById("hashrate-chart")!.getBoundingClientRect();
    return { scroll: document.documentElement.scrollWidth, chartWidth: chart.width, chartHeight: chart.height, rows: document.querySelectorAll("[data-testid=workers] tbody tr").length };
  });
  expect(m.scroll).toBeLessThanOrEqual(360);
  expect(m.chartWidth).toBeGreaterThan(250);
  expect(m.chartWidth).toBeLessThanOrEqual(360);
  expect(m.chartHeight).toBeGreaterThan(60);
  expect(m.rows).toBe(2);
  expect(await page.textContent("[data-testid=workers-online]")).toBe("2 / 2");
  await page.close();
}, 30_000);

test("setup page confirms a new device's first share without a reload", async () => {
  const page = await phone();
  await page.goto(`${base}/setup?address=${NEW}`);
  await page.waitForSelector("[data-testid=setup-wait][data-state=waiting]");
  expect(await page.textContent("[data-testid=setup-url]")).toBe("stratum+tcp://127.0.0.1:3333");
  bus.publish("share_submitted", share(NEW, "kitchen", Date.now() + 1));
  await page.waitForSelector("[data-testid=setup-wait][data-state=done]", { timeout: 10_000 });
  expect(await page.textContent("[data-testid=setup-wait]")).toContain("kitchen");
  await page.close();
}, 30_000);
