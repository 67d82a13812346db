// The admin pages in a real Chromium: an admin on a phone inside Telegram (360 px, Telegram's dark
// and light themes) and on a desktop uses every page of views/admin-nav.ts; a player gets the Forbidden page; nobody is sent to
// sign in. The ban button works through the page (confirm dialog, htmx swap).
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser, BrowserContext } from "playwright-core";
import { asTelegramClient } from "../../../test/browser.ts";
import { MINER, type FullApp } from "../../../test/full-app.ts";
import { contrastFailures } from "../../../test/page-checks.ts";
import { ADMIN_PAGES } from "../../../views/admin-nav.ts";
import { openBrowserApp } from "../../../test/browser-app.ts";

/** Telegram for Android's dark theme (as in src/http/pages.browser.test.ts; importing a test file would run its tests). */
const TELEGRAM_DARK = {
  bg_color: "#212d3b", secondary_bg_color: "#151e27", section_bg_color: "#1d2733", header_bg_color: "#242d39", bottom_bar_bg_color: "#151e27",
  text_color: "#ffffff", hint_color: "#7d8b99", subtitle_text_color: "#7b8790", section_header_text_color: "#79c4fc",
  link_color: "#5eabe1", accent_text_color: "#64b5ef", button_color: "#50a8eb", button_text_color: "#ffffff",
  destructive_text_color: "#ee686f", section_separator_color: "#0d1218",
};

/** Telegram for Android's day theme. */
const TELEGRAM_LIGHT = {
  bg_color: "#ffffff", secondary_bg_color: "#f0f0f0", section_bg_color: "#ffffff", header_bg_color: "#527da3", bottom_bar_bg_color: "#ffffff",
  text_color: "#222222", hint_color: "#a8a8a8", subtitle_text_color: "#82868a", section_header_text_color: "#3a95d5",
  link_color: "#2678b6", accent_text_color: "#1c93e3", button_color: "#50a8eb", button_text_color: "#ffffff",
  destructive_text_color: "#cc2929", section_separator_color: "#d9d9d9",
};

let browser: Browser, f: FullApp, base: string, close: () => Promise<void>, adminCookie: string, minerId: number;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
  adminCookie = await f.adminCookie();
  minerId = (await f.storage.repos.users.findUserByAddress(MINER))!.id;
  // A World Cup, so the Competitions page is checked with a row and its move button.
  const kick = Math.ceil((Date.now() + 8 * 86_400_000) / 3_600_000) * 3_600_000;
  await f.worldCup.create({ name: "Autumn World Cup of the Solo Miners", registrationAt: kick - 7 * 86_400_000, startsAt: kick, roundHours: 24 });
}, 60_000);
afterAll(async () => {
  await close?.();
});

async function asAdmin(viewport: { width: number; height: number }, telegram: "dark" | "light" | false): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, colorScheme: telegram || "light" });
  await context.addCookies([{ name: "tbg_session", value: /tbg_session=([^;]+)/.exec(adminCookie)![1]!, url: base }]);
  if (telegram) await asTelegramClient(context, { initData: f.initData(777), themeParams: telegram === "dark" ? TELEGRAM_DARK : TELEGRAM_LIGHT, colorScheme: telegram, platform: "android" });
  else await context.route("https://telegram.org/**", (r) => r.abort());
  return context;
}

// Every page the registry lists (a feature's page is covered as soon as it registers), and the
// pages under them: a user's detail, a search, a filtered audit log.
const pages = () => [...ADMIN_PAGES.map((p) => p.href), `/admin/users/${minerId}`, "/admin/users?q=bc1q", "/admin/audit?action=login", `/admin/audit?user=%23${minerId}`];

const PHONE = { width: 360, height: 740 };
for (const [label, viewport, telegram] of [
  ["phone in Telegram, dark theme", PHONE, "dark"],
  ["phone in Telegram, light theme", PHONE, "light"],
  ["desktop", { width: 1280, height: 800 }, false],
] as const) {
  test(`admin, ${label}: every admin page fits, reads well and has the admin tabs`, async () => {
    const context = await asAdmin(viewport, telegram);
    const problems: string[] = [];
    // One tab navigates from page to page (a tab per page cost ~0.5 s each); each navigation is
    // a fresh document, and the errors are collected per page.
    const page = await context.newPage();
    let errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    for (const path of pages()) {
      errors = [];
      const res = await page.goto(base + path, { waitUntil: "load" });
      await page.waitForFunction(() => "htmx" in window && "tbg" in window);
      if (res?.status() !== 200) problems.push(`${path}: status ${res?.status()}`);
      if ((await page.locator('nav[aria-label="Admin"] a').count()) !== ADMIN_PAGES.length) problems.push(`${path}: admin tabs missing`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > viewport.width) problems.push(`${path}: ${width}px wide`);
      for (const c of await page.evaluate(contrastFailures, 4.5)) problems.push(`${path}: contrast ${c.ratio} for "${c.text}"`);
      for (const e of errors) problems.push(`${path}: console error ${e}`);
    }
    await context.close();
    expect(problems).toEqual([]);
  }, 120_000);
}

test("the admin bans and unbans a user with the page's buttons; the Users tab leads to the search", async () => {
  const context = await asAdmin({ width: 360, height: 740 }, false);
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  await page.goto(base + "/admin/users");
  await page.waitForFunction(() => "htmx" in window);
  await page.fill('input[name="q"]', MINER.slice(0, 14));
  await page.click('form[action="/admin/users"] button[type="submit"]');
  await page.waitForSelector(`tr[data-user="${minerId}"] a`);
  // The Ban button is tapped the instant htmx has put it on screen (a microtask after the swap): a
  // button must be live as soon as it shows, not a settle delay later (then the tap was a plain
  // form submit, the page reloaded and nothing was banned).
  await page.evaluate(() => {
    document.addEventListener("htmx:afterSwap", function tap() {
      const ban = [...document.querySelectorAll("main button")].find((b) => b.textContent === "Ban") as HTMLButtonElement | undefined;
      if (!ban) return;
      document.removeEventListener("htmx:afterSwap", tap);
      queueMicrotask(() => ban.click());
    });
  });
  await page.click(`tr[data-user="${minerId}"] a`);
  await page.waitForSelector("text=Banned: sessions ended");
  expect((await f.storage.repos.users.findUserById(minerId))!.isBanned).toBe(true);
  await page.click('button:has-text("Unban")');
  await page.waitForSelector("text=Unbanned.");
  expect((await f.storage.repos.users.findUserById(minerId))!.isBanned).toBe(false);
  await context.close();
}, 60_000);

test("the Logs page follows the log: a new line shows up without a reload", async () => {
  const context = await asAdmin({ width: 360, height: 740 }, false);
  const page = await context.newPage();
  await page.goto(base + "/admin/logs");
  await page.waitForFunction(() => "htmx" in window);
  const marker = `operator-marker-${Date.now()}`;
  f.log.child("test").warn(marker, { detail: "seen live" });
  await page.waitForSelector(`text=${marker}`, { timeout: 15_000 });
  expect(await page.locator('#log-lines li[data-level="warn"]').first().textContent()).toContain(marker);
  await context.close();
}, 60_000);

test("a player gets the Forbidden page and nobody is sent to sign in, on every admin page", async () => {
  const player = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await player.route("https://telegram.org/**", (r) => r.abort());
  const res = await f.app.handle(new Request("http://127.0.0.1/signin/telegram", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1" }, body: new URLSearchParams({ init_data: f.initData(5150, "player_one") }).toString() }));
  const session = /tbg_session=([^;]+)/.exec(res.headers.getSetCookie().join(";"))![1]!;
  await player.addCookies([{ name: "tbg_session", value: session, url: base }]);
  const nobody = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await nobody.route("https://telegram.org/**", (r) => r.abort());
  // One tab each, navigating from page to page (a fresh document every time, without a new tab's cost).
  const p = await player.newPage();
  const n = await nobody.newPage();
  for (const path of pages()) {
    const r = await p.goto(base + path);
    expect([path, r?.status()]).toEqual([path, 403]);
    expect(await p.locator("main h1").textContent()).toContain("Forbidden");
    await n.goto(base + path);
    expect([path, new URL(n.url()).pathname]).toEqual([path, "/signin"]);
  }
  await player.close();
  await nobody.close();
}, 90_000);
