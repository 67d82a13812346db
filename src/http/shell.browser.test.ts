// The page shell in a real browser: as a plain website and inside Telegram.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { appHarness, type Harness } from "../../test/app-harness.ts";
import { launchBrowser, serveForBrowser, telegramScript } from "../../test/browser.ts";

let browser: Browser;
let h: Harness;
let base: string;
let server: { base: string; stop(): void };

beforeAll(async () => {
  browser = await launchBrowser();
  h = await appHarness();
  server = serveForBrowser(h.app);
  base = server.base;
});
afterAll(async () => {
  await browser?.close();
  server?.stop();
});

async function open(initData: string, themeParams?: Record<string, string>): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 360, height: 720 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route("https://telegram.org/**", (route) =>
    route.fulfill({ contentType: "text/javascript", body: telegramScript({ initData, themeParams, colorScheme: "dark" }) }),
  );
  await page.goto(base + "/");
  await page.waitForFunction(() => (window as unknown as { htmx?: unknown }).htmx !== undefined);
  return { page, errors };
}

describe("page shell", () => {
  test("in a plain browser: renders, htmx navigation swaps only the content", async () => {
    const { page, errors } = await open("");
    expect(await page.evaluate(() => (window as unknown as { tbg: { inTelegram: boolean } }).tbg.inTelegram)).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __tg: { calls: string[] } }).__tg.calls)).toEqual([]);
    expect(await page.textContent("h1")).toBe("Pool status");
    // Mark the document: a full reload would lose the mark, an htmx swap keeps it.
    await page.evaluate(() => ((window as unknown as { mark: number }).mark = 42));
    const fragment = page.waitForResponse((r) => r.url() === base + "/" && r.request().headers()["hx-request"] === "true");
    await page.click("header a.brand");
    await fragment;
    await page.waitForSelector("#main h1");
    expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark)).toBe(42);
    expect(await page.title()).toBe("Pool status · The Bitcoin Game");
    expect(await page.locator("header.top").count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("inside Telegram: ready/expand called, theme colours and safe-area insets applied, theme changes followed", async () => {
    const { page, errors } = await open("query_id=AAH&user=%7B%22id%22%3A1%7D&auth_date=1&hash=x", { bg_color: "#112233", text_color: "#fafafa", button_color: "#ff0000" });
    const calls = await page.evaluate(() => (window as unknown as { __tg: { calls: string[] } }).__tg.calls);
    expect(calls.slice(0, 2)).toEqual(["ready", "expand"]);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(17, 34, 51)");
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe("rgb(250, 250, 250)");
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--tg-safe-area-inset-bottom"))).toBe("34px");
    // top padding = safe area (20) + content safe area (8)
    expect(await page.evaluate(() => getComputedStyle(document.body).paddingTop)).toBe("28px");
    await page.evaluate(() => {
      const w = window as unknown as { Telegram: { WebApp: { themeParams: Record<string, string> } }; __tg: { emit(e: string): void } };
      w.Telegram.WebApp.themeParams = { bg_color: "#ffffff", text_color: "#000000" };
      w.__tg.emit("themeChanged");
    });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(255, 255, 255)");
    expect(errors).toEqual([]);
    await page.close();
  });
});
