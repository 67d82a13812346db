// Every page of the app at phone size (360×740) in light, dark and Telegram's dark theme, in a
// real Chromium: no sideways scroll, every text at 4.5:1 contrast or better, no raw JSON, no
// console error. The page list comes from the route table (test/page-checks.ts), so a new page
// is checked without touching this file. Screenshots go to test-artifacts/screenshots/ (CI keeps them).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { asTelegramClient } from "../../test/browser.ts";
import { MINER, type FullApp } from "../../test/full-app.ts";
import { contrastFailures, pageRoutes, showsRawJson } from "../../test/page-checks.ts";
import { TRACKS } from "../learn/catalog.ts";
import { openBrowserApp, SHOTS } from "../../test/browser-app.ts";

/** Telegram for Android's dark theme, as its client passes themeParams. */
export const TELEGRAM_DARK = {
  bg_color: "#212d3b", secondary_bg_color: "#151e27", section_bg_color: "#1d2733", header_bg_color: "#242d39", bottom_bar_bg_color: "#151e27",
  text_color: "#ffffff", hint_color: "#7d8b99", subtitle_text_color: "#7b8790", section_header_text_color: "#79c4fc",
  link_color: "#5eabe1", accent_text_color: "#64b5ef", button_color: "#50a8eb", button_text_color: "#ffffff",
  destructive_text_color: "#ee686f", section_separator_color: "#0d1218",
};
/** The longest common address kind (62 characters): the setup page must still fit 360 px. */
const TAPROOT = "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297";
const THEMES = ["light", "dark", "telegram-dark"] as const;

let browser: Browser, f: FullApp, base: string, close: () => Promise<void>, cookie: string;
let pages: string[] = [];

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
  cookie = await f.adminCookie();
  pages = [...(await pageRoutes(f.app, cookie)), `/dashboard?address=${MINER}`, `/setup?address=${MINER}`, `/setup?address=${TAPROOT}`, "/no-such-page",
    // Pages behind a parameter: every track and every lesson (tables and long words included).
    ...TRACKS.flatMap((t) => [`/learn/${t.slug}`, ...t.lessons.map((l) => `/learn/${t.slug}/${l.slug}`)])];
});
afterAll(async () => {
  await close?.();
});

async function contextFor(theme: (typeof THEMES)[number]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: theme === "light" ? "light" : "dark", deviceScaleFactor: 1 });
  const session = /tbg_session=([^;]+)/.exec(cookie)![1]!;
  await context.addCookies([{ name: "tbg_session", value: session, url: base }]);
  if (theme === "telegram-dark") await asTelegramClient(context, { initData: f.initData(777), themeParams: TELEGRAM_DARK, colorScheme: "dark", platform: "android" });
  // Outside Telegram the page must never ask telegram.org; make that fail loudly if it does.
  else await context.route("https://telegram.org/**", (r) => r.abort());
  return context;
}

test("the route table yields the app's pages", () => {
  for (const p of ["/", "/pool", "/dashboard", "/setup", "/play", "/signin", "/register", "/account", "/account/keys", "/account/sessions", "/admin"]) expect(pages).toContain(p);
  expect(pages.some((p) => p.startsWith("/api") || p.startsWith("/partials"))).toBe(false);
});

test("the checks catch what they look for: low contrast, a too-wide element, raw JSON", async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(base + "/");
  await page.evaluate(() => document.getElementById("main")!.insertAdjacentHTML("beforeend", '<p style="color:#999;background:#aaa">faint</p><div style="width:500px">wide</div>'));
  expect((await page.evaluate(contrastFailures, 4.5)).map((c) => c.text)).toEqual(["faint"]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeGreaterThan(360);
  expect(await page.evaluate(showsRawJson)).toBe(false);
  await page.goto(base + "/api/v1/public/stats");
  expect(await page.evaluate(showsRawJson)).toBe(true);
  await page.close();
});

for (const theme of THEMES) {
  test(`every page at 360×740, ${theme}: fits the width, readable contrast, no raw JSON, no console errors`, async () => {
    const context = await contextFor(theme);
    const dir = join(SHOTS, theme);
    mkdirSync(dir, { recursive: true });
    const problems: string[] = [];
    // One tab navigates from page to page (a new tab per page cost a third of this test's time);
    // each navigation is a fresh document, and the errors are collected per page.
    const page = await context.newPage();
    let errors: string[] = [];
    let path = "";
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      // The document's own status (the 404 page) is reported by Chromium as a failed load; it is the page under test, not an error in it.
      if (m.type() === "error" && !(m.text().startsWith("Failed to load resource") && m.location().url === base + path)) errors.push(m.text());
    });
    for (path of pages) {
      errors = [];
      await page.goto(base + path, { waitUntil: "load" });
      await page.waitForFunction(() => "htmx" in window && "tbg" in window);
      if (theme === "telegram-dark") await page.waitForFunction(() => document.documentElement.getAttribute("data-tg") === "dark");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) problems.push(`${path}: document is ${width}px wide`);
      for (const c of await page.evaluate(contrastFailures, 4.5)) problems.push(`${path}: contrast ${c.ratio} for "${c.text}" (${c.where}: ${c.fg} on ${c.bg})`);
      if (await page.evaluate(showsRawJson)) problems.push(`${path}: shows raw JSON`);
      for (const e of errors) problems.push(`${path}: console error: ${e}`);
      const name = path.replace(/\?address=bc1p.*/, "-taproot").replace(/\?.*/, "-query").replace(/[^a-z0-9-]+/gi, "_").replace(/^_$/, "home") || "home";
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    }
    await context.close();
    expect(problems).toEqual([]);
  }, 180_000);
}
