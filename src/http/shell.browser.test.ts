// The page shell in a real browser: as a plain website (telegram.org unreachable and never asked),
// and inside Telegram (the client's WebApp object present before the page runs, as TELEGRAM.md
// describes). The server is the whole app; only Telegram's client is simulated.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { asTelegramClient } from "../../test/browser.ts";
import { MINER, type FullApp } from "../../test/full-app.ts";
import { openBrowserApp } from "../../test/browser-app.ts";

let browser: Browser;
let f: FullApp;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
});
afterAll(async () => {
  await close?.();
});

type W = { tbg: { inTelegram: boolean }; __tg: { calls: string[]; back?: () => void }; Telegram: { WebApp: { MainButton: { text: string; isVisible: boolean; handler: (() => void) | null }; BackButton: { isVisible: boolean } } } };

async function phone(telegram?: Parameters<typeof asTelegramClient>[1]): Promise<{ context: BrowserContext; page: Page; errors: string[]; telegramRequests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const telegramRequests: string[] = [];
  if (telegram) await asTelegramClient(context, telegram);
  else
    await context.route("https://telegram.org/**", (r) => {
      telegramRequests.push(r.request().url());
      return r.abort();
    });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  return { context, page, errors, telegramRequests };
}
const ready = (page: Page) => page.waitForFunction(() => "htmx" in window && "tbg" in window);
const currentTab = (page: Page) => page.getAttribute("#tabs a[aria-current=page]", "data-tab");
/** Waits for the htmx swap of a navigation to `path` to settle. */
async function navigate(page: Page, click: string, path: string) {
  const settled = page.evaluate(() => new Promise((r) => document.addEventListener("htmx:afterSettle", r, { once: true })));
  await page.click(click);
  await settled;
  await page.waitForURL(base + path);
}

describe("page shell", () => {
  test("in a plain browser: never asks telegram.org, the tab bar marks the current place after every htmx navigation and after Back", async () => {
    const { context, page, errors, telegramRequests } = await phone();
    await page.goto(base + "/");
    await ready(page);
    expect(await page.evaluate(() => (window as unknown as W).tbg.inTelegram)).toBe(false);
    expect(await currentTab(page)).toBe("home");
    expect(await page.$$eval("#tabs a", (as) => as.map((a) => a.getAttribute("data-tab")))).toEqual(["home", "mine", "play", "tap", "ranks", "me"]);
    // Mark the document: a full reload would lose the mark, an htmx swap keeps it.
    await page.evaluate(() => ((window as unknown as { mark: number }).mark = 42));

    await navigate(page, "#tabs a[data-tab=mine]", "/dashboard");
    expect(await currentTab(page)).toBe("mine");
    expect(await page.title()).toBe("Dashboard · The Bitcoin Game");
    await navigate(page, ".tabs a[href='/setup']", "/setup");
    expect(await currentTab(page)).toBe("mine");
    expect(await page.getAttribute(".tabs a[aria-current=page]", "href")).toBe("/setup");
    // Me without a session goes through sign-in: still the Me place.
    await page.click("#tabs a[data-tab=me]");
    await page.waitForURL(base + "/signin");
    await page.waitForSelector("#main #password-card");
    expect(await currentTab(page)).toBe("me");
    await navigate(page, "#tabs a[data-tab=home]", "/");
    expect(await currentTab(page)).toBe("home");
    await page.goBack();
    await page.waitForURL(base + "/signin");
    await page.waitForSelector("#main #password-card");
    expect(await currentTab(page)).toBe("me");

    expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark)).toBe(42);
    expect(await page.locator("header.top").count()).toBe(1);
    expect(telegramRequests).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("Home shows today's mining for the address this device followed last", async () => {
    const { context, page, errors } = await phone();
    await page.goto(base + "/");
    await ready(page);
    expect(await page.textContent("#your-mining h2")).toBe("Your mining");
    await page.goto(`${base}/dashboard?address=${MINER}`);
    await ready(page);
    await navigate(page, "#tabs a[data-tab=home]", "/");
    await page.waitForSelector("#your-mining h2:text-is('Your mining today')");
    expect(await page.textContent("#your-mining")).toContain("Workers online");
    // A full load of Home finds it too.
    await page.reload();
    await page.waitForSelector("#your-mining h2:text-is('Your mining today')");
    expect(errors).toEqual([]);
    await context.close();
  });

  test("links that answer JSON or leave the app are full navigations, not swaps into the frame", async () => {
    const { context, page } = await phone();
    await page.goto(`${base}/dashboard?address=${MINER}`);
    await ready(page);
    expect(await page.getAttribute("a[href^='/users/']", "target")).toBe("_blank");
    await page.goto(base + "/");
    await ready(page);
    await page.click("a[href='/docs']");
    await page.waitForURL(base + "/docs");
    await page.waitForSelector("#swagger-ui .info", { timeout: 15_000 });
    await context.close();
  });

  test("a place with more sections than fit 360 px scrolls them, and the current section is in view on open and after htmx navigation", async () => {
    const { context, page, errors } = await phone();
    // Signed in (the Play sections are a player's pages).
    const cookie = await f.adminCookie();
    await context.addCookies(cookie.split("; ").map((c) => ({ name: c.slice(0, c.indexOf("=")), value: c.slice(c.indexOf("=") + 1), url: base })));
    const SECTIONS = "#main nav.tabs[aria-label=Sections]";
    // Polled: htmx settles (and the page scrolls the bar) a moment after the swap.
    const currentInView = (href: string) =>
      page.waitForFunction(
        ([sel, want]) => {
          const bar = document.querySelector(sel)!;
          const a = bar?.querySelector("a[aria-current=page]");
          if (!a || a.getAttribute("href") !== want || bar.scrollWidth <= bar.clientWidth || document.documentElement.scrollWidth > 360) return false;
          const b = bar.getBoundingClientRect(), r = a.getBoundingClientRect();
          return r.left >= b.left - 1 && r.right <= b.right + 1;
        },
        [SECTIONS, href] as const,
        { timeout: 10_000 },
      );
    await page.goto(base + "/leagues");
    await ready(page);
    await currentInView("/leagues");
    // Learn, then back to Leagues, both by htmx.
    await page.click(`${SECTIONS} a[href='/learn']`);
    await page.waitForURL(base + "/learn");
    await currentInView("/learn");
    await page.click(`${SECTIONS} a[href='/leagues']`);
    await page.waitForURL(base + "/leagues");
    await currentInView("/leagues");
    expect(errors).toEqual([]);
    await context.close();
  });

  test("an unknown page reached by htmx navigation is an app page with the tab bar", async () => {
    const { context, page, errors } = await phone();
    await page.goto(base + "/");
    await ready(page);
    await page.evaluate(() => (window as unknown as { htmx: { ajax(v: string, p: string, o: object): void } }).htmx.ajax("GET", "/no/such/page", { target: "#main" }));
    await page.waitForSelector("#main h1:text-is('Page not found')");
    expect(await page.locator("#tabs a").count()).toBe(6);
    expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
    await context.close();
  });

  test("inside Telegram: signs in by itself on open, applies the theme and insets, the page's main action on Telegram's button with closing confirmation while dirty", async () => {
    const initData = f.initData(4242, "tg_ana");
    const { context, page, errors } = await phone({ initData, themeParams: { bg_color: "#112233", secondary_bg_color: "#0b1622", text_color: "#fafafa", button_color: "#ff0000", button_text_color: "#ffffff" }, colorScheme: "dark" });
    await page.goto(base + "/");
    await ready(page);
    // Opening the Mini App is enough: initData goes to the sign-in route and a session cookie comes back.
    await page.waitForFunction(() => document.body.getAttribute("data-session") === "1");
    expect((await context.cookies(base)).some((c) => c.name === "tbg_session")).toBe(true);
    const calls = await page.evaluate(() => (window as unknown as W).__tg.calls);
    expect(calls.slice(0, 2)).toEqual(["ready", "expand"]);
    expect(calls).toContain("haptic:success");
    expect(await page.evaluate(() => (window as unknown as W).tbg.inTelegram)).toBe(true);
    // Page = Telegram's secondary background, cards = its section (here: bg) colour, text = its text colour.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(11, 22, 34)");
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".card")!).backgroundColor)).toBe("rgb(17, 34, 51)");
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe("rgb(250, 250, 250)");
    // White on pure red is 4.0:1: the button is darkened until it reads at 4.5:1.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--fix-button"))).not.toBe("");
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--tg-safe-area-inset-bottom"))).toBe("34px");
    expect(await page.evaluate(() => getComputedStyle(document.body).paddingTop)).toBe("28px");
    expect(await page.evaluate(() => (window as unknown as W).Telegram.WebApp.BackButton.isVisible)).toBe(false);
    // The user switches Telegram to a light theme: the page follows.
    await page.evaluate(() => {
      const w = window as unknown as { Telegram: { WebApp: { themeParams: Record<string, string>; colorScheme: string } }; __tg: { emit(e: string): void } };
      w.Telegram.WebApp.themeParams = { bg_color: "#ffffff", secondary_bg_color: "#efeff4", text_color: "#000000" };
      w.Telegram.WebApp.colorScheme = "light";
      w.__tg.emit("themeChanged");
    });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(239, 239, 244)");
    expect(await page.evaluate(() => document.documentElement.getAttribute("data-tg"))).toBe("light");

    // The account page: its main action is Telegram's bottom button.
    await page.evaluate(() => (window as unknown as { htmx: { ajax(v: string, p: string, o: object): void } }).htmx.ajax("GET", "/account", { target: "#main", push: "true" }));
    await page.waitForSelector("#main #profile-card");
    expect(await page.textContent("#profile-card")).toContain("Telegram: @tg_ana");
    expect(await page.evaluate(() => (window as unknown as W).Telegram.WebApp.MainButton.text)).toBe("Save profile");
    await page.fill("#display_name", "Ana");
    expect(await page.evaluate(() => (window as unknown as W).__tg.calls)).toContain("enableClosingConfirmation");
    // Telegram's button presses the form's button; the save succeeds and the form is clean again.
    const saved = page.waitForResponse((r) => r.url() === base + "/account/profile");
    await page.evaluate(() => (window as unknown as W).Telegram.WebApp.MainButton.handler!());
    await saved;
    await page.waitForSelector("#profile-card [role=status]");
    expect(await page.evaluate(() => (window as unknown as W).__tg.calls)).toContain("disableClosingConfirmation");
    expect(await page.evaluate(() => (window as unknown as W).__tg.calls.filter((c) => c.startsWith("haptic:")).length)).toBeGreaterThanOrEqual(2);

    await context.close();
    expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
  });

  test("inside Telegram with a forged initData: no session, the failure is said and felt", async () => {
    const forged = f.initData(4243).replace(/hash=[0-9a-f]+/, "hash=" + "0".repeat(64));
    const { context, page } = await phone({ initData: forged, colorScheme: "light" });
    await page.goto(base + "/signin");
    await ready(page);
    await page.waitForSelector("#telegram-signin [role=alert]");
    expect(await page.textContent("#telegram-signin [role=alert]")).toStartWith("Telegram sign-in failed:");
    expect((await context.cookies(base)).some((c) => c.name === "tbg_session")).toBe(false);
    expect(await page.evaluate(() => (window as unknown as W).__tg.calls)).toContain("haptic:error");
    await context.close();
  });

  test("Back on an inner page: Telegram's Back button shows and goes back", async () => {
    const { context, page } = await phone({ initData: f.initData(4244), colorScheme: "light" });
    const cookie = await f.adminCookie();
    await context.addCookies([{ name: "tbg_session", value: /tbg_session=([^;]+)/.exec(cookie)![1]!, url: base }]);
    await page.goto(base + "/account");
    await ready(page);
    expect(await page.evaluate(() => (window as unknown as W).Telegram.WebApp.BackButton.isVisible)).toBe(false);
    // Any path below a place's pages is an inner page (views/nav.ts), even one that does not exist.
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<a id="inner" href="/account/keys/none">x</a>'));
    await page.click("#inner");
    await page.waitForSelector("#main h1:text-is('Page not found')");
    // The Back button follows the page once the swap has settled: wait for it rather than read it
    // at the moment the new content appears (a busy machine runs those steps apart).
    await page.waitForFunction(() => (window as unknown as W).Telegram.WebApp.BackButton.isVisible === true);
    await page.evaluate(() => (window as unknown as W).__tg.back!());
    await page.waitForURL(base + "/account");
    await page.waitForSelector("#main #profile-card");
    await page.waitForFunction(() => (window as unknown as W).Telegram.WebApp.BackButton.isVisible === false);
    await context.close();
  });
});
