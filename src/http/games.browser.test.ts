// Each mini-game in a real browser at phone size: it plays to its end and shows the outcome the
// server decided from the player's own stored numbers (the same words the play history keeps);
// with reduced motion the end state comes at once.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser, BrowserContext } from "playwright-core";
import { asTelegramClient } from "../../test/browser.ts";
import { MINER, type FullApp } from "../../test/full-app.ts";
import { testQuery, testQueryOne } from "../../test/storage.ts";
import { silentLogger } from "../log.ts";
import { WEEK_MS, weekStart } from "../core/time.ts";
import { createLeaderboards } from "../compete/leaderboards.ts";
import { createLottery } from "../compete/lottery.ts";
import { commitmentOf } from "../compete/fair-draw.ts";
import { contrastFailures, showsRawJson } from "../../test/page-checks.ts";
import { openBrowserApp } from "../../test/browser-app.ts";

let browser: Browser, f: FullApp, base: string, close: () => Promise<void>, cookie: string;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
  cookie = await f.adminCookie();
  // The signed-in admin plays with the day of mining the test app stored for its miner.
  const admin = await testQueryOne<{ id: number }>(f.storage, "SELECT id FROM users WHERE role = 'admin'");
  const miner = await testQueryOne<{ id: number }>(f.storage, "SELECT id FROM users WHERE btc_address = ?", [MINER]);
  for (const table of ["weekly_best_diff", "user_daily_stats", "workers"]) await testQuery(f.storage, `UPDATE ${table} SET user_id = ? WHERE user_id = ?`, [admin.id, miner.id]);
}, 60_000);
afterAll(async () => {
  await close?.();
});

async function context(reducedMotion: "reduce" | "no-preference"): Promise<BrowserContext> {
  const c = await browser.newContext({ viewport: { width: 360, height: 740 }, reducedMotion });
  await c.addCookies([{ name: "tbg_session", value: /tbg_session=([^;]+)/.exec(cookie)![1]!, url: base }]);
  await c.route("https://telegram.org/**", (r) => r.abort());
  return c;
}

const latest = async () => (await (await f.app.handle(new Request(`${base}/api/v1/games/sessions?limit=1`, { headers: { cookie } }))).json()).data[0];

test("a drawn week's page shows the ticket file, commitment, block height and hash, and the winner; the slot machine then reveals the win", async () => {
  const admin = await testQueryOne<{ id: number }>(f.storage, "SELECT id FROM users WHERE role = 'admin'");
  const last = weekStart(Date.now()) - WEEK_MS;
  await testQuery(f.storage, "INSERT INTO weekly_best_diff (user_id, week_start, best_difficulty, total_shares, sum_diff) VALUES (?, ?, ?, ?, ?)", [admin.id, last, 5000, 42, 42]);
  // The node's answers (the real node's part is proven in src/compete/lottery.e2e.test.ts).
  let tip = 900_000;
  const hash = "0000000000000000000245c1e6b2f2b0c5b7e2f0b0d2e6e6a3c1d9b8f7e6d5c4";
  const lb = createLeaderboards({ repos: f.storage.repos, log: silentLogger });
  const lottery = createLottery({ repos: f.storage.repos, log: silentLogger, namer: () => lb.namer(), chain: { tipHeight: async () => tip, blockHash: async () => hash } });
  const week = new Date(last).toISOString().slice(0, 10);
  await lottery.close(last);
  tip += 10;
  await lottery.tick();
  await lottery.stop();
  await lb.stop();
  const c = await context("no-preference");
  const page = await c.newPage();
  await page.goto(`${base}/play/lottery/${week}`);
  expect(await page.textContent("[data-testid=height]")).toBe("900006");
  expect(await page.textContent("[data-testid=block-hash]")).toBe(hash);
  const commitment = await page.textContent("[data-testid=commitment]");
  const file = await (await fetch(`${base}/api/v1/games/lottery/results/${week}/tickets.json`)).text();
  expect(commitmentOf(file)).toBe(commitment!);
  expect(await page.locator(`[data-testid=draw-${week}] li`).count()).toBe(1);
  // An admin's re-run only verifies (twice: still one winner, no second draw).
  for (let i = 0; i < 2; i++) {
    const res = await f.app.handle(new Request(`${base}/api/v1/admin/lottery/${week}/verify`, { method: "POST", headers: { cookie, origin: base } }));
    expect(await res.json()).toMatchObject({ week_start: week, ok: true, reason: "the winners match" });
  }
  expect((await testQueryOne(f.storage, "SELECT count(*) AS n FROM lottery_results")).n).toBe(1);
  expect((await f.app.handle(new Request(`${base}/api/v1/admin/lottery/${week}/verify`, { method: "POST", headers: { origin: base } }))).status).toBe(401);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(await page.evaluate(contrastFailures, 4.5)).toEqual([]);
  expect(await page.evaluate(showsRawJson)).toBe(false);
  await page.goto(`${base}/play/lottery`);
  expect(await page.locator(`[data-testid=draw-${week}]`).count()).toBe(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.goto(`${base}/play/games/slots`);
  await page.click("[data-game-play]");
  await page.waitForSelector(".game[data-played]", { timeout: 15_000 });
  expect(await page.locator("[data-g=reel] span").nth(1).textContent()).toBe("1st");
  expect(await page.textContent("[data-testid=game-result]")).toContain(`1st place in the lottery of ${week}`);
  await c.close();
}, 60_000);

for (const game of ["hammer", "horse_race", "slots", "scratch"]) {
  test(`${game}: plays to its end at 360 px and shows the server's result`, async () => {
    const c = await context("no-preference");
    const page = await c.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${base}/play/games/${game}`);
    await page.click("[data-game-play]");
    await page.waitForSelector(".game[data-played]", { timeout: 15_000 });
    const shown = (await page.textContent("[data-testid=game-result]"))!.trim();
    const play = await latest();
    expect(play.game).toBe(game);
    expect(shown).toBe(play.summary);
    if (game === "hammer") {
      expect(shown).toContain("drives the puck to");
      // The puck stopped where the server's height puts it.
      expect(Number(await page.getAttribute("[data-g=puck]", "y"))).toBeCloseTo(186 - 166 * play.reveal.height, 0);
    }
    if (game === "horse_race") {
      expect(shown).toContain("wins with");
      expect(await page.locator(".lane").count()).toBe(play.reveal.horses.length);
    }
    if (game === "slots") expect(await page.locator("[data-g=reel] span").first().textContent()).toBe(`#${play.reveal.rank}`);
    if (game === "scratch") expect(await page.locator("[data-g=cover]").evaluate((e) => getComputedStyle(e).visibility)).toBe("hidden");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await c.close();
  }, 60_000);
}

test("with reduced motion the game shows its end at once", async () => {
  const c = await context("reduce");
  const page = await c.newPage();
  await page.goto(`${base}/play/games/hammer`);
  await page.click("[data-game-play]");
  await page.waitForSelector(".game[data-played]", { timeout: 5_000 });
  expect((await page.textContent("[data-testid=game-result]"))!.trim()).toBe((await latest()).summary);
  await c.close();
}, 60_000);

test("inside Telegram a play is felt: a light tap when it starts, success when the result shows", async () => {
  const c = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await asTelegramClient(c, { initData: f.initData(7301, "player7301"), colorScheme: "dark", platform: "android" });
  const page = await c.newPage();
  await page.goto(`${base}/`);
  await page.waitForFunction(() => document.body.getAttribute("data-session") === "1");
  await page.goto(`${base}/play/games/hammer`);
  await page.click("[data-game-play]");
  await page.waitForSelector(".game[data-played]", { timeout: 15_000 });
  // A new Telegram player has no share this week: the server says so, and the puck stays down.
  expect(await page.textContent("[data-testid=game-result]")).toBe("No accepted share this week yet: the puck stays on the ground.");
  const calls = await page.evaluate(() => (window as unknown as { __tg: { calls: string[] } }).__tg.calls);
  expect(calls).toContain("impact:light");
  expect(calls.lastIndexOf("haptic:success")).toBeGreaterThan(calls.lastIndexOf("impact:light"));
  await c.close();
}, 60_000);
