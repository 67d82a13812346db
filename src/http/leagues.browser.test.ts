// The leagues table in a real browser at phone size (360×740) in light, dark and Telegram's dark
// theme, over the whole app: 26 miners mine, the job places them by hashrate into two tiers; the
// signed-in player (the weakest) finds their own league first, their row highlighted, the
// promotion zone marked with words as well as an edge; it fits the width with readable contrast.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { asTelegramClient } from "../../test/browser.ts";
import { ADMIN, share, type FullApp } from "../../test/full-app.ts";
import { contrastFailures, showsRawJson } from "../../test/page-checks.ts";
import { openBrowserApp, SHOTS } from "../../test/browser-app.ts";

/** Telegram for Android's dark theme (as in pages.browser.test.ts). */
const TELEGRAM_DARK = {
  bg_color: "#212d3b", secondary_bg_color: "#151e27", section_bg_color: "#1d2733", header_bg_color: "#242d39", bottom_bar_bg_color: "#151e27",
  text_color: "#ffffff", hint_color: "#7d8b99", subtitle_text_color: "#7b8790", section_header_text_color: "#79c4fc",
  link_color: "#5eabe1", accent_text_color: "#64b5ef", button_color: "#50a8eb", button_text_color: "#ffffff",
  destructive_text_color: "#ee686f", section_separator_color: "#0d1218",
};
const PLAYER = "bc1qleaguebrowserplayer000000000000000000";
let browser: Browser, f: FullApp, base: string, close: () => Promise<void>, cookie: string;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
  cookie = await f.adminCookie();
  const admin = (await f.storage.repos.users.findUserByEmail(ADMIN.email))!;
  await f.storage.repos.users.updateUser(admin.id, { btcAddress: PLAYER }, Date.now());
  const now = Date.now();
  // 25 miners with a long name each (the table must still fit), strongest first; the player mines least:
  // with the pool's miner already in the top league, 19 of them fill it and the player is 7th of 7 in the second (4 points).
  for (let i = 0; i < 25; i++) {
    const address = `bc1qleaguebrowser${String(i).padStart(24, "0")}`;
    await f.storage.repos.users.insertUser({ btcAddress: address, displayName: `Hashing-Household-Number-${i}` }, now);
    f.bus.publish("share_submitted", { ...share("rig", now - 1000, true, address), targetDifficulty: 100_000 - i * 1000, shareDifficulty: 100_000 - i * 1000 });
  }
  f.bus.publish("share_submitted", { ...share("rig", now - 1000, true, PLAYER), targetDifficulty: 10, shareDifficulty: 10 });
  await f.flush();
  await f.leagues.tick();
}, 60_000);
afterAll(async () => {
  await close?.();
});

test("the leagues table: my league first, my row highlighted, the zones marked; fits 360 px in every theme", async () => {
  const problems: string[] = [];
  for (const theme of ["light", "dark", "telegram-dark"] as const) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: theme === "light" ? "light" : "dark" });
    await context.addCookies([{ name: "tbg_session", value: /tbg_session=([^;]+)/.exec(cookie)![1]!, url: base }]);
    if (theme === "telegram-dark") await asTelegramClient(context, { initData: f.initData(778), themeParams: TELEGRAM_DARK, colorScheme: "dark", platform: "android" });
    else await context.route("https://telegram.org/**", (r) => r.abort());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    // A Play section (a celebration overlay may cover the page on arrival, so follow the link by its address).
    await page.goto(base + "/play");
    expect(await page.locator('a[href="/leagues"]').count()).toBeGreaterThan(0);
    await page.goto(base + "/leagues");
    await page.waitForSelector("[data-testid=league-table]");
    if (theme === "telegram-dark") await page.waitForFunction(() => document.documentElement.getAttribute("data-tg") === "dark");
    expect(await page.textContent("h2:below(nav.tabs)")).toBe("Platinum League");
    expect(await page.textContent("[data-testid=my-club]")).toMatch(/Platinum League: #7 with 4 points\./);
    const me = page.locator("tr.me");
    expect(await me.count()).toBe(1);
    expect(await me.textContent()).toContain("you");
    expect(await page.locator("tr.zone-up").count()).toBe(2);
    expect(await page.locator("tr.zone-up").first().textContent()).toContain("↑ up");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) problems.push(`${theme}: ${width}px wide`);
    for (const c of await page.evaluate(contrastFailures, 4.5)) problems.push(`${theme}: contrast ${c.ratio} "${c.text}" (${c.fg} on ${c.bg})`);
    if (await page.evaluate(showsRawJson)) problems.push(`${theme}: raw JSON`);
    await page.screenshot({ path: join(SHOTS, `leagues-${theme}.png`), fullPage: true });
    // The top league: the relegation zone marked.
    const top = await page.locator('nav.tabs a[href*="tier=1"]').getAttribute("href");
    await page.goto(base + top!.replace(/&amp;/g, "&"));
    await page.waitForSelector("tr.zone-down");
    expect(await page.locator("tr.zone-down").count()).toBe(3);
    for (const c of await page.evaluate(contrastFailures, 4.5)) problems.push(`${theme} tier 1: contrast ${c.ratio} "${c.text}"`);
    const w1 = await page.evaluate(() => document.documentElement.scrollWidth);
    if (w1 > 360) problems.push(`${theme} tier 1: ${w1}px wide`);
    problems.push(...errors.map((e) => `${theme}: console error ${e}`));
    await context.close();
  }
  expect(problems).toEqual([]);
}, 120_000);
