// Coops in a real browser at phone size: a player founds a coop from the form, sees its page
// with the invite link, and a second player opens that link and joins. Every coop page is
// checked in light and dark for width, contrast and console errors.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import type { FullApp } from "../../test/full-app.ts";
import { contrastFailures, showsRawJson } from "../../test/page-checks.ts";
import { openBrowserApp, SHOTS } from "../../test/browser-app.ts";

let browser: Browser, f: FullApp, base: string, close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
});
afterAll(async () => {
  await close?.();
});

async function signedIn(tgId: number, name: string, scheme: "light" | "dark"): Promise<BrowserContext> {
  const res = await f.app.handle(
    new Request("http://127.0.0.1/signin/telegram", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1" }, body: new URLSearchParams({ init_data: f.initData(tgId, name) }).toString() }),
  );
  const session = res.headers.getSetCookie().map((c) => /^tbg_session=([^;]+)/.exec(c)?.[1]).find(Boolean)!;
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: scheme });
  await context.addCookies([{ name: "tbg_session", value: session, url: base }]);
  await context.route("https://telegram.org/**", (r) => r.abort());
  return context;
}

async function check(context: BrowserContext, path: string, shot: string): Promise<string[]> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`${path}: ${e.message}`));
  await page.goto(base + path, { waitUntil: "load" });
  await page.waitForFunction(() => "htmx" in window && "tbg" in window);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) problems.push(`${path}: document is ${width}px wide`);
  for (const c of await page.evaluate(contrastFailures, 4.5)) problems.push(`${path}: contrast ${c.ratio} for "${c.text}"`);
  if (await page.evaluate(showsRawJson)) problems.push(`${path}: raw JSON`);
  await page.screenshot({ path: join(SHOTS, shot), fullPage: true });
  await page.close();
  return problems;
}

test("found a coop, share the invite link, a friend joins with it; the pages fit a phone in light and dark", async () => {
  const ana = await signedIn(201, "ana_miner", "light");
  const page = await ana.newPage();
  await page.goto(base + "/coops");
  await page.fill("#coop-name", "Living-Room");
  await page.fill("#coop-desc", "Two Bitaxes & a NerdQAxe on the shelf");
  await page.check("input[name=invite_only]");
  await page.click("[data-testid=coop-create] button[type=submit]");
  await page.waitForSelector("[data-testid=invite-url]");
  const invite = (await page.textContent("[data-testid=invite-url]"))!;
  expect(invite).toMatch(/\/coops\/invite\/[a-z0-9]{10}$/);
  const coopPath = (await page.getAttribute("a[href^='/coops/']:not([href='/coops/mine'])", "href"))!;
  await page.close();

  const bo = await signedIn(202, "bo_miner", "dark");
  const p2 = await bo.newPage();
  await p2.goto(invite);
  await p2.click("[data-testid=coop-join] button[type=submit]");
  await p2.waitForSelector("[data-testid=coop-leave]");
  expect(await p2.textContent("[data-testid=coop-members]")).toBe("2");
  await p2.close();
  // The founder sees the new member by the name other players see, never an internal id.
  const p3 = await ana.newPage();
  await p3.goto(base + "/coops/mine");
  const lines = await p3.locator("li.member .grow").allTextContents();
  expect(lines.length).toBe(2);
  expect(lines.join(" ")).not.toContain("#");
  await p3.close();

  const problems: string[] = [];
  for (const [ctx, scheme] of [[ana, "light"], [bo, "dark"]] as const)
    for (const path of ["/coops", "/coops/mine", coopPath]) problems.push(...(await check(ctx, path, `coops-${scheme}${path.replace(/\//g, "_")}.png`)));
  problems.push(...(await check(bo, new URL(invite).pathname, "coops-dark_invite.png")));
  expect(problems).toEqual([]);
  await ana.close();
  await bo.close();
}, 120_000);
