// Pages that update themselves (static/live.js) in a real browser: the owner's dashboard takes
// shares, hashrate, worker state, block banners and notifications from the WebSocket without
// polling; a visitor's view of someone else's dashboard keeps polling; a dropped socket comes back.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser, BrowserContext } from "playwright-core";
import { MINER, type FullApp } from "../../test/full-app.ts";
import { until } from "../../test/until.ts";
import { JwtKeys } from "../auth/jwt.ts";
import { openBrowserApp } from "../../test/browser-app.ts";

let browser: Browser, f: FullApp, base: string, close: () => Promise<void>, ownerToken: string;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
  const user = (await f.storage.repos.users.findUserByAddress(MINER))!;
  const keys = JwtKeys.open(f.config.dataDir, { issuer: f.config.jwt.issuer, audience: f.config.jwt.audience, now: Date.now });
  ownerToken = (await keys.sign({ sub: String(user.id), btc: MINER, role: "user", jti: crypto.randomUUID() })).token;
});
afterAll(async () => {
  await close?.();
});

async function context(signedIn: boolean): Promise<BrowserContext> {
  const c = await browser.newContext({ viewport: { width: 360, height: 740 } });
  if (signedIn) await c.addCookies([{ name: "tbg_session", value: ownerToken, url: base }]);
  await c.route("https://telegram.org/**", (r) => r.abort());
  // Every htmx request the page sends, with what triggered it: the socket's own refresh is "tbg-refresh".
  await c.addInitScript(() => {
    const w = window as unknown as { __sent: { at: number; cause: string }[] };
    w.__sent = [];
    document.addEventListener("htmx:beforeSend", (e) => void w.__sent.push({ at: Date.now(), cause: (e as CustomEvent).detail.requestConfig?.triggeringEvent?.type ?? "timer" }));
  });
  return c;
}

test("the owner's dashboard follows the socket: live shares, hashrate, worker state, block banner, notifications — and no polling meanwhile", async () => {
  const c = await context(true);
  const page = await c.newPage();
  const polls: string[] = [];
  page.on("request", (r) => void (r.url().includes("/partials/dashboard") && polls.push(r.url())));
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${base}/dashboard?address=${MINER}`);
  await page.waitForFunction((a) => (window as unknown as { tbgLive: { connected: boolean; address: string } }).tbgLive?.address === a, MINER);
  await page.locator("[data-live-shares]").waitFor({ state: "visible" });
  // Subscribed once the welcome is answered: the hub sees the socket on `shares`.
  await until("subscribed", 10_000, () => (f.hub.publish({ channel: "shares", type: "noop", data: {} }, { address: MINER }) > 0 ? true : null));

  await page.evaluate(() => {
    const w = window as unknown as { __settled: number };
    w.__settled = 0;
    document.addEventListener("htmx:afterSettle", () => void w.__settled++);
  });
  f.hub.publish({ channel: "shares", type: "share_submitted", data: { worker: "nerdqaxe", difficulty: 123456, accepted: true, reject_reason: null, is_block: false } }, { address: MINER });
  await page.locator("[data-live-shares] li", { hasText: "nerdqaxe · 123K" }).waitFor();
  // The share asked the server for fresh counters at once: the stats block is swapped in.
  await page.waitForFunction(() => (window as unknown as { __settled: number }).__settled > 0);
  expect(polls.length).toBe(1);

  for (const [worker, rate] of [["bitaxe-gamma-living-room", 1.2e12], ["nerdqaxe", 3e11]] as const)
    f.hub.publish({ channel: "workers", type: "hashrate", data: { worker, hashrate_5m: rate } }, { address: MINER });
  await page.locator('[data-testid="hashrate"]', { hasText: "1.50 TH/s" }).waitFor();

  // (The page may already show it offline from stored data: online first, so each change is seen.)
  f.hub.publish({ channel: "workers", type: "worker_online", data: { worker: "nerdqaxe" } }, { address: MINER });
  await page.locator('[data-live-worker="nerdqaxe"] .chip.ok', { hasText: "online" }).waitFor();
  f.hub.publish({ channel: "workers", type: "worker_offline", data: { worker: "nerdqaxe" } }, { address: MINER });
  await page.locator('[data-live-worker="nerdqaxe"] .chip.bad', { hasText: "offline" }).waitFor();

  const block = { block_height: 880_001, finder: "Satoshi", reward_sats: 312_500_000 };
  f.hub.publishWithOwner({ channel: "blocks", type: "block_found", data: { ...block, is_mine: false } }, { address: MINER }, { channel: "blocks", type: "block_found", data: { ...block, is_mine: true } });
  await page.locator("#live-banner", { hasText: "You found block 880001" }).waitFor();

  f.hub.publish({ channel: "notifications", type: "notification", data: { title: "Badge earned: Megahash" } }, { userId: (await f.storage.repos.users.findUserByAddress(MINER))!.id });
  await page.locator(".toast", { hasText: "Badge earned: Megahash" }).waitFor();
  await page.locator("[data-notification-count]", { hasText: "1" }).waitFor();

  // With nothing else happening, the 15-second timer sends nothing while the socket covers the
  // dashboard (the worker change above may still bring its one socket-driven refresh).
  const from = await page.evaluate(() => Date.now());
  await page.waitForTimeout(16_500);
  const timed = await page.evaluate((t) => (window as unknown as { __sent: { at: number; cause: string }[] }).__sent.filter((x) => x.at >= t && x.cause !== "tbg-refresh"), from);
  expect({ timed, errors }).toEqual({ timed: [], errors: [] });

  // The server drops every socket: the page reconnects by itself.
  f.hub.stop();
  await page.waitForFunction(() => !(window as unknown as { tbgLive: { connected: boolean } }).tbgLive.connected);
  await page.waitForFunction(() => (window as unknown as { tbgLive: { connected: boolean } }).tbgLive.connected, undefined, { timeout: 15_000 });
  await c.close();
}, 60_000);

test("a visitor's view of someone's dashboard has no live feed and keeps polling; block banners reach everyone", async () => {
  const c = await context(false);
  const page = await c.newPage();
  const polls: string[] = [];
  page.on("request", (r) => void (r.url().includes("/partials/dashboard") && polls.push(r.url())));
  await page.goto(`${base}/dashboard?address=${MINER}`);
  await page.waitForFunction(() => (window as unknown as { tbgLive: { connected: boolean } }).tbgLive?.connected);
  expect(await page.locator("[data-live-shares]").isHidden()).toBe(true);
  await until("blocks subscribed", 10_000, () => (f.hub.publish({ channel: "blocks", type: "noop", data: {} }) > 0 ? true : null));
  f.hub.publish({ channel: "blocks", type: "block_found", data: { block_height: 880_002, finder: "Hal", is_mine: false } });
  await page.locator("#live-banner", { hasText: "The pool found block 880002" }).waitFor();
  await until("a poll", 25_000, () => (polls.length > 0 ? true : null), 200);
  // …sent by htmx's timer (what the owner's page skips).
  expect((await page.evaluate(() => (window as unknown as { __sent: { cause: string }[] }).__sent)).map((x) => x.cause)).toContain("timer");
  await c.close();
}, 60_000);

test("a Ranks page re-reads itself when the boards are refreshed, without polling; other pages ignore it", async () => {
  const c = await context(false);
  const page = await c.newPage();
  const reads: string[] = [];
  page.on("request", (r) => void (r.headers()["hx-request"] === "true" && reads.push(new URL(r.url()).pathname)));
  await page.goto(`${base}/ranks/monthly`);
  await page.waitForFunction(() => (window as unknown as { tbgLive: { connected: boolean } }).tbgLive?.connected);
  await until("leaderboard subscribed", 10_000, () => (f.hub.publish({ channel: "leaderboard", type: "noop", data: {} }) > 0 ? true : null));
  await until("the board re-read", 10_000, () => (reads.includes("/ranks/monthly") ? true : null), 100);
  await page.locator("#main h1").waitFor();
  // The dashboard on the same push stays as it is.
  await page.goto(`${base}/dashboard?address=${MINER}`);
  await page.waitForFunction(() => (window as unknown as { tbgLive: { connected: boolean } }).tbgLive?.connected);
  reads.length = 0;
  await until("leaderboard subscribed", 10_000, () => (f.hub.publish({ channel: "leaderboard", type: "leaderboard_updated", data: {} }) > 0 ? true : null));
  await Bun.sleep(300);
  expect(reads.filter((p) => p.startsWith("/ranks"))).toEqual([]);
  await c.close();
}, 60_000);
