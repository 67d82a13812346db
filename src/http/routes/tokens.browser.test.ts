// The tap game in a real Chromium at 360 px: tap the character until the energy runs out, see the
// floating +N and the balance the server confirms, then the same tokens as rows of the wallet's
// history. Then the daily reward claimed from its calendar and a character bought in the shop.
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { ADMIN, type FullApp } from "../../../test/full-app.ts";
import { until } from "../../../test/until.ts";
import { apply } from "../../tokens/ledger.ts";
import { displayTokens as formatTokens } from "../../tokens/units.ts";
import { openBrowserApp } from "../../../test/browser-app.ts";

// A real browser on a busy machine: a page load can take seconds.
setDefaultTimeout(60_000);
let browser: Browser, f: FullApp, base: string, close: () => Promise<void>, cookie: string, userId: number;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
  cookie = await f.adminCookie();
  userId = (await f.storage.repos.users.findUserByEmail(ADMIN.email))!.id;
});
afterAll(async () => {
  await close?.();
});

async function phone(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await context.route("https://telegram.org/**", (r) => r.abort());
  await context.addCookies([{ name: "tbg_session", value: /tbg_session=([^;]+)/.exec(cookie)![1]!, url: base }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  return { page, errors };
}

test("tap until the energy runs out: +N floats, the server's balance shows, and the wallet lists the ledger rows", async () => {
  // A player who has already tapped most of the bar away: 25 energy left (regenerating 3 a second).
  await f.storage.repos.transaction(async (tx) => {
    const s = await tx.tokens.lockTapState((await import("../../tokens/tap.ts")).freshTapState(userId, { maxEnergy: 1000, regenPerS: 3, rateBp: 10_000, level: 0 }, Date.now()));
    await tx.tokens.putTapState({ ...s, energy: 25, energyAt: Date.now() });
  });
  const { page, errors } = await phone();
  await page.goto(base + "/play/tap");
  await page.waitForFunction(() => "Alpine" in window && document.querySelector("[data-testid=tap-energy]")!.textContent!.includes("/"));
  expect(await page.getAttribute("#tabs a[aria-current=page]", "data-tab")).toBe("tap");
  // A fast thumb: 40 taps in one go. The first ~25 spend the energy (+N floats); the rest say there is none.
  const after = await page.evaluate(() => {
    const button = document.querySelector("[data-testid=tap-button]")!;
    const start = (window as unknown as { Alpine: { $data(el: Element): { energy: number } } }).Alpine.$data(button).energy;
    for (let i = 0; i < 40; i++) button.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true, cancelable: true, clientX: 180, clientY: 300 }));
    const game = (window as unknown as { Alpine: { $data(el: Element): { energy: number } } }).Alpine.$data(button);
    return { start, energy: game.energy, floats: document.querySelectorAll(".tap-float").length, empty: document.querySelectorAll(".tap-float.bad").length };
  });
  expect(after.energy).toBeLessThan(1);
  expect(after.floats).toBe(40);
  expect(after.start).toBeGreaterThanOrEqual(25);
  expect(after.empty).toBe(40 - Math.floor(after.start));
  const taps = 40;
  // The batches reach the server (one a second); the balance on screen is the ledger's.
  const balance = await until("taps paid", 15_000, async () => {
    const w = await f.tokens.wallet(userId);
    const shown = await page.textContent("[data-testid=tap-balance]");
    return w.balance > 0 && shown === formatTokens(w.balance) ? w.balance : null;
  });
  expect(balance).toBe(await f.storage.repos.tokens.transactionSum(userId));
  const accepted = (await f.tokens.stats(userId)).tapsTotal;
  expect(accepted).toBeGreaterThanOrEqual(25);
  expect(accepted).toBeLessThanOrEqual(taps); // never more than were tapped
  await page.click('.tabs a[href="/play/wallet"]');
  await page.waitForSelector("[data-testid=wallet-balance]");
  expect(await page.textContent("[data-testid=wallet-balance]")).toBe(formatTokens(balance));
  const rows = await page.locator("[data-testid=tx-row]").allTextContents();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.includes("Mining") && /\d+ taps/.test(r))).toBe(true);
  // Invite friends: the code to copy and Telegram's share sheet carrying it.
  const code = (await page.textContent("[data-testid=ref-code]"))!;
  expect(code).toMatch(/^ref_[A-HJ-NP-Z2-9]{8}$/);
  const share = new URL((await page.getAttribute("[data-testid=ref-share]", "href"))!);
  expect(share.origin + share.pathname).toBe("https://t.me/share/url");
  expect(share.searchParams.get("text")).toContain(code);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(errors).toEqual([]);
});

test("the daily calendar claims today's reward once; the shop sells the first character and equips it", async () => {
  const { page, errors } = await phone();
  await page.goto(base + "/play/daily");
  const before = (await f.tokens.wallet(userId)).balance;
  await page.click("[data-testid=daily-claim]");
  await page.waitForSelector("[data-testid=daily-claimed]");
  expect(await page.textContent("[data-testid=daily-streak]")).toBe("1");
  expect(await page.locator("[data-testid=daily-claim]").count()).toBe(0);
  expect((await f.tokens.wallet(userId)).balance).toBe(before + 100_000);
  await apply(f.storage.repos, { userId, type: "AIRDROP", amount: 1_000_000, idemKey: "browser-test", description: "Welcome drop", at: Date.now() });
  await page.goto(base + "/play/characters");
  await page.click("[data-testid=char-pleb] button");
  await page.waitForSelector("[data-testid=char-pleb] .chip.ok");
  expect(await page.textContent("[data-testid=char-pleb]")).toContain("equipped");
  expect((await f.tokens.characters(userId)).map((c) => [c.template.slug, c.row.isEquipped])).toEqual([["pleb", true]]);
  // Stake from the wallet page, then withdraw the locked stake early: the penalty is asked about first.
  await page.goto(base + "/play/wallet");
  await page.fill("[data-testid=stake-amount]", "200");
  await page.selectOption("[data-testid=stake-period]", "THIRTY_DAYS");
  await page.click("[data-testid=stake-submit]");
  await page.waitForSelector("[data-testid=stake-row]");
  expect(await page.textContent("[data-testid=wallet-message]")).toContain("Staked 200 tokens");
  page.once("dialog", (d) => void d.accept());
  await page.click("[data-testid=stake-row] button");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=stake-row]").length === 0);
  expect(await page.textContent("[data-testid=wallet-message]")).toContain("180 tokens back in your balance (20 early-withdrawal penalty)");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(errors).toEqual([]);
});

test("quests show today's taps, an achievement is claimed from its card, airdrops and the token boards fit a phone", async () => {
  const { page, errors } = await phone();
  await page.goto(base + "/play/quests");
  const tapper = page.locator("[data-testid=quest-daily_tapper]");
  expect(await tapper.textContent()).toMatch(/Daily Tapper[\s\S]*\d+ \/ 100 taps/);
  expect(await page.locator("[data-testid=quest-block_party] button").textContent()).toBe("Start");
  await page.click("[data-testid=quest-block_party] button");
  await page.waitForFunction(() => document.querySelector("#quests .notice")?.textContent?.includes("Block Party started"));
  // The first tap (in the first test) unlocked First Steps: one claim pays 10 tokens and the button goes.
  await page.goto(base + "/play/achievements");
  const before = (await f.tokens.wallet(userId)).balance;
  await page.click("[data-testid=achievement-claim-first_tap]");
  await page.waitForFunction(() => document.querySelector("#achievements .notice")?.textContent?.includes("First Steps"));
  expect((await f.tokens.wallet(userId)).balance).toBe(before + 10_000);
  expect(await page.locator("[data-testid=achievement-claim-first_tap]").count()).toBe(0);
  expect(await page.textContent("[data-testid=achievement-whale]")).toContain("???");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // An airdrop an admin made: claimed from the Drops page.
  const drop = await f.tokens.airdrops.create({ id: userId, client: {} }, { name: "Launch Drop", description: "For early players", method: "EQUAL", totalAmount: 50_000, maxParticipants: 5, startsAt: Date.now() - 1_000, endsAt: Date.now() + 86_400_000 });
  await page.goto(base + "/play/airdrops");
  await page.click(`[data-testid=airdrop-claim-${drop.id}]`);
  await page.waitForSelector(`[data-testid=airdrop-mine-${drop.id}]`);
  expect(await page.textContent(`[data-testid=airdrop-mine-${drop.id}]`)).toBe("+10");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.goto(base + "/play/boards?type=TOKENS&period=ALL_TIME");
  expect(await page.textContent("[data-testid=token-board-mine]")).toContain("rank 1");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(errors).toEqual([]);
});
