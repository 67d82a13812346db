// The whole game path with the real regtest node: `tbg mine` (the real CLI, its own process)
// points at the pool, its shares are stored, the game hears the committed batch, and the miner —
// signed in with the address's key — sees the first_share badge, its 50 XP, the level, the
// notification and the feed entry through the API, then the same on the pages in headless Chromium
// (the badge celebration once, the unread count on the Me tab, the notification centre, Home's feed).
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { REGTEST_ADDRESS as ADDR } from "../../stratum/e2e/harness.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { launchBrowser } from "../../test/browser.ts";
import { testDatabaseEnv } from "../../test/storage.ts";
import { until } from "../../test/until.ts";
import { wallet } from "../auth/test-harness.ts";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import { startServer, type Running } from "../server.ts";

let node: TestNode | undefined;
let server: Running | undefined;
let browser: Browser | undefined;
let dir: string | undefined;
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await node?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** BIP-173's regtest vector is the P2WPKH of private key 1: the miner can sign in with it. */
const KEY = new Uint8Array(32);
KEY[31] = 1;

test(
  "tbg mine → first share → first_share badge, 50 XP, level, notification and feed entry, in the API and on the pages",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    dir = mkdtempSync(join(tmpdir(), "tbg-game-node-"));
    const cfg = loadConfig({
      TBG_DATA_DIR: dir, TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0", TBG_NETWORK: "regtest",
      TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword, TBG_MIN_DIFF: "0.00001",
      ...(await testDatabaseEnv("game-node-e2e")),
    });
    if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
    server = await startServer(cfg.config, silentLogger);
    const web = `http://127.0.0.1:${server.httpPort}`;
    await until("node ready", 30_000, async () => ((await fetch(`${web}/health/ready`)).status === 200 ? true : null));

    // The real CLI in its own process, as an operator would run it.
    const miner = Bun.spawn(["bun", join(import.meta.dir, "../main.ts"), "mine", "--url", `stratum+tcp://127.0.0.1:${server.stratumPort}`, "--user", `${ADDR}.cpu`, "--password", "d=0.00001", "--shares", "3", "--once"], {
      stdout: "pipe", stderr: "pipe",
    });
    const code = await miner.exited;
    const out = await new Response(miner.stdout).text();
    expect(code).toBe(0);
    expect(out).toContain("share accepted");

    // Sign in with the address's key.
    const w = wallet(KEY);
    const ch = (await (await fetch(`${web}/api/v1/auth/challenge`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ btc_address: ADDR }) })).json()) as { nonce: string; challenge: string };
    const v = await fetch(`${web}/api/v1/auth/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ btc_address: ADDR, nonce: ch.nonce, signature: w.signLegacy(ch.challenge) }) });
    expect(v.status).toBe(200);
    const token = ((await v.json()) as { access_token: string }).access_token;
    const get = async (path: string) => {
      const r = await fetch(`${web}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
      return (await r.json()) as any;
    };

    const badges = await until("the first_share badge", 20_000, async () => {
      const b = await get("/api/v1/gamification/badges");
      return b.earned.some((x: { slug: string }) => x.slug === "first_share") ? b : null;
    });
    expect(badges.earned.find((x: { slug: string }) => x.slug === "first_share")).toMatchObject({ name: "First Hash", xp_reward: 50 });
    const xp = await get("/api/v1/gamification/xp");
    expect(xp.data).toContainEqual(expect.objectContaining({ source: "badge", ref: "first_share", amount: 50 }));
    expect(xp.data).toContainEqual(expect.objectContaining({ source: "daily_share", amount: 50 }));
    // The game takes the miner's batches in one by one after they commit: a later one may add XP
    // (a new personal best). So the views are read once the game has counted all three shares
    // (nothing can change the level after that, and the page below must show the same), and
    // until they describe the same moment.
    const [level, progress, dash] = await until("level, progress and dashboard agree, with all three shares counted", 20_000, async () => {
      const l = await get("/api/v1/gamification/level");
      const p = await get("/api/v1/gamification/progress");
      const d = await get(`/api/v1/mining/dashboard`);
      const again = await get("/api/v1/gamification/level");
      return p.mining.total_shares >= 3 && again.total_xp === l.total_xp && p.level.xp_total === l.total_xp ? [l, p, d] : null;
    });
    expect(level.level).toBeGreaterThanOrEqual(2);
    expect(progress.level).toMatchObject({ current: level.level, title: level.title, xp_total: level.total_xp });
    expect(progress.streak).toMatchObject({ weeks: 1, is_active: true });
    expect(dash.level).toMatchObject({ current: level.level, title: level.title });
    expect(dash.streak).toMatchObject({ weeks: 1, is_active: true });
    const cal = await get("/api/v1/gamification/streaks/calendar");
    expect(cal.weeks).toHaveLength(52);
    expect(cal.weeks[51].shares_count).toBeGreaterThanOrEqual(3);
    expect((await get("/api/v1/gamification/personal-bests")).alltime.difficulty).toBeGreaterThan(0);
    expect((await get("/api/v1/gamification/recent")).data[0]).toHaveProperty("description");

    const notes = await get("/api/v1/users/me/notifications");
    const badgeNote = notes.data.find((n: { type: string; data: { badge_slug?: string } }) => n.type === "badge_earned" && n.data.badge_slug === "first_share");
    expect(badgeNote).toMatchObject({ title: "Badge earned: First Hash", is_read: false });
    expect(notes.data.some((n: { type: string }) => n.type === "level_up")).toBe(true);
    expect(notes.unread_count).toBe(notes.data.length);
    const feed = await get("/api/v1/gamification/feed");
    expect(feed.data.map((e: { kind: string }) => e.kind)).toContain("miner_joined");
    expect(feed.data.find((e: { kind: string }) => e.kind === "miner_joined").text).toMatch(/ joined the pool$/);
    const mine = await get("/api/v1/gamification/feed/me");
    expect(mine.data.map((e: { text: string }) => e.text)).toContain("You earned the common badge First Hash");

    // The pages, in a real browser with the same session.
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await context.addCookies([{ name: "tbg_session", value: token, url: web }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${web}/play`);
    expect(await page.locator("[data-testid=celebration]").textContent()).toContain("First Hash");
    await page.click("[data-dismiss-celebration]");
    expect(await page.locator("[data-testid=celebration]").isHidden()).toBe(true);
    expect(await page.locator("[data-testid=level]").textContent()).toBe(String(level.level));
    expect(await page.locator("[data-testid=heatmap] .heat").count()).toBe(52);
    await page.locator("#tabs [data-testid=tab-unread]").waitFor();
    expect(await page.locator("#tabs [data-testid=tab-unread]").textContent()).toBe(String(notes.unread_count));
    // Seen once: the next visit has no celebration.
    await page.goto(`${web}/play/badges`);
    expect(await page.locator("[data-testid=celebration]").count()).toBe(0);
    await page.click("[data-testid=badge-first_share] summary");
    expect(await page.locator("[data-testid=badge-first_share] .badge-sheet").textContent()).toContain("Earned at 1 accepted share.");
    await page.goto(`${web}/play/xp`);
    expect(await page.locator("main").textContent()).toContain("Badge: First Hash");
    await page.goto(`${web}/account/notifications`);
    expect(await page.locator("[data-testid=notification]").first().textContent()).toBeTruthy();
    expect(await page.locator("main").textContent()).toContain("Badge earned: First Hash");
    await page.click("text=Mark all read");
    await until("all read", 10_000, async () => ((await get("/api/v1/users/me/notifications/unread-count")).unread_count === 0 ? true : null));
    await page.locator("[data-testid=unread]", { hasText: "0" }).waitFor();
    expect(await page.locator("#tabs [data-testid=tab-unread]").count()).toBe(0);
    await page.goto(`${web}/`);
    await page.locator("#pool-feed[data-loaded]").waitFor();
    expect(await page.locator("#pool-feed").textContent()).toContain("You joined the pool");
    expect(errors).toEqual([]);
  },
  NODE_TEST_TIMEOUT_MS * 2,
);
