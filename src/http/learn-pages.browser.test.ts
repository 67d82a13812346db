// Learn in a real browser at phone size: a player opens the tracks, reads a lesson to the end,
// answers its check question wrong (told so, nothing paid), then right — and sees the XP on the
// page and on Play.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import type { FullApp } from "../../test/full-app.ts";
import { TRACKS } from "../learn/catalog.ts";
import { openBrowserApp, SHOTS } from "../../test/browser-app.ts";

let browser: Browser, f: FullApp, base: string, close: () => Promise<void>, cookie: string;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
  cookie = await f.adminCookie();
});
afterAll(async () => {
  await close?.();
});

test("read a lesson to the end, answer wrong then right, and see the XP", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await context.addCookies([{ name: "tbg_session", value: /tbg_session=([^;]+)/.exec(cookie)![1]!, url: base }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const track = TRACKS[0]!;
  const lesson = track.lessons[0]!;

  await page.goto(base + "/play");
  const xpBefore = Number((await page.textContent("[data-testid=total-xp]"))!.replace(/\D/g, ""));
  await page.click("a[href='/learn']");
  await page.waitForSelector(`[data-testid=track-${track.slug}]`);
  await page.click("[data-testid=next-lesson]");
  await page.waitForSelector("[data-testid=lesson-body]");
  expect(await page.textContent("h1")).toBe(lesson.title);

  // To the end of the lesson, where the question is.
  await page.locator("[data-testid=lesson-check]").scrollIntoViewIfNeeded();
  const wrong = (lesson.answer + 1) % lesson.choices.length;
  await page.check(`input[name=answer][value="${wrong}"]`);
  await page.click("[data-testid=lesson-check] button[type=submit]");
  await page.waitForSelector("[data-testid=check-error]");
  expect(await page.textContent("[data-testid=check-error]")).toContain("Not quite");

  await page.check(`input[name=answer][value="${lesson.answer}"]`);
  await page.click("[data-testid=lesson-check] button[type=submit]");
  await page.waitForSelector("[data-testid=lesson-xp]");
  expect(await page.textContent("[data-testid=lesson-xp]")).toContain("+25 XP");
  await page.screenshot({ path: join(SHOTS, "learn-lesson-done.png"), fullPage: true });

  await page.goto(base + "/play");
  expect(Number((await page.textContent("[data-testid=total-xp]"))!.replace(/\D/g, ""))).toBe(xpBefore + 25);
  await page.goto(base + "/learn");
  expect(await page.textContent("[data-testid=lessons-done]")).toBe("1");
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
