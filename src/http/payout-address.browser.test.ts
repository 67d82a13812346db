// Me → Address in a real browser at phone size, inside Telegram: a user who signed in with
// Telegram (no payout address) copies the page's message, a real key signs it (legacy, then
// BIP-322 P2WPKH), the signature is pasted, the address is linked — and the dashboard then opens
// on that user's own mining without asking for the address.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { wallet } from "../auth/test-harness.ts";
import { asTelegramClient, serveForBrowser } from "../../test/browser.ts";
import { fullApp, share, type FullApp } from "../../test/full-app.ts";
import { openBrowserApp, SHOTS } from "../../test/browser-app.ts";

let browser: Browser, f: FullApp, base: string, close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
});
afterAll(async () => {
  await close?.();
});

type W = { Telegram: { WebApp: { MainButton: { text: string; isVisible: boolean; handler: (() => void) | null } } } };
/** Telegram's bottom button shows `text` (bound when the swap settles, a moment after the content appears). */
const mainButtonShows = (page: Page, text: string) =>
  page.waitForFunction((t) => { const b = (window as unknown as W).Telegram.WebApp.MainButton; return b.text === t && b.isVisible; }, text);
const pressMainButton = (page: Page) => page.evaluate(() => (window as unknown as W).Telegram.WebApp.MainButton.handler!());

/** Address → copied message → signature pasted → linked, as the user does it. */
async function link(page: Page, address: string, sign: (message: string) => string, opts: { wrongFirst?: boolean } = {}) {
  await page.waitForSelector("#payout-address");
  await page.fill("#payout-address", address);
  // Telegram's bottom button is the page's main action.
  await mainButtonShows(page, "Get the message to sign");
  await pressMainButton(page);
  await page.waitForSelector("[data-testid=address-message]");
  if (opts.wrongFirst) {
    // A signature of other text: said in the form, felt as an error, and a new message to sign.
    const first = await page.textContent("#address-message");
    await page.fill("#address-signature", sign("something else"));
    await mainButtonShows(page, "Link this address");
    await pressMainButton(page);
    await page.waitForSelector("#address-card [role=alert]");
    expect(await page.textContent("#address-card [role=alert]")).toContain("The signature does not match this message and address");
    expect(await page.textContent("#address-message")).not.toBe(first);
    expect(await page.evaluate(() => (window as unknown as { __tg: { calls: string[] } }).__tg.calls)).toContain("haptic:error");
  }
  expect(await page.textContent("[data-testid=signing-address]")).toBe(address);
  await page.click("[data-testid=copy-message]");
  await page.waitForSelector("[data-testid=copy-message]:text-is('Copied')");
  const message = await page.evaluate(() => navigator.clipboard.readText());
  expect(message).toBe(await page.evaluate(() => document.getElementById("address-message")!.textContent!));
  expect(message).toContain(`Address: ${address}`);
  await page.fill("#address-signature", sign(message));
  await page.screenshot({ path: join(SHOTS, `address-sign-${address.slice(0, 3)}.png`), fullPage: true });
  await mainButtonShows(page, "Link this address");
  await pressMainButton(page);
  await page.waitForSelector("[data-testid=address-linked]");
  expect(await page.textContent("[data-testid=linked-address]")).toBe(address);
  expect(await page.textContent("[data-testid=current-address]")).toBe(address);
}

test("a Telegram user links a payout address by signing the page's message, then sees their own dashboard", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await asTelegramClient(context, { initData: f.initData(8801, "miner8801"), colorScheme: "light", platform: "android" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  // Opening the Mini App signs in with initData and lands on the account; the address page is a Me tab.
  await page.goto(base + "/signin");
  await page.waitForURL(base + "/account");
  await page.waitForSelector("[data-testid=btc-address]");
  expect(await page.textContent("[data-testid=btc-address]")).toBe("none yet");
  await page.click(".tabs a[href='/account/address']");
  await page.waitForURL(base + "/account/address");
  expect(await page.getAttribute(".tabs a[aria-current=page]", "href")).toBe("/account/address");
  expect(await page.textContent("[data-testid=current-address]")).toBe("none yet");

  const w = wallet(Uint8Array.from({ length: 32 }, (_, i) => 0x70 + i));
  await link(page, w.p2pkh, w.signLegacy, { wrongFirst: true });
  // Change it to the wallet's native segwit address, signed the BIP-322 way.
  await page.goto(base + "/account/address");
  expect(await page.textContent("[data-testid=current-address]")).toBe(w.p2pkh);
  await link(page, w.p2wpkh, w.signBip322);
  await page.screenshot({ path: join(SHOTS, "address-linked.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(await page.evaluate(() => (window as unknown as { __tg: { calls: string[] } }).__tg.calls)).toContain("haptic:success");

  // The miner starts sending shares to the linked address; Mine opens on this user's dashboard.
  const t = Date.now();
  for (let i = 0; i < 5; i++) f.bus.publish("share_submitted", share("balcony-bitaxe", t - 30_000 + i * 1000, true, w.p2wpkh));
  await f.flush();
  await page.click("#tabs a[data-tab=mine]");
  await page.waitForURL(base + "/dashboard");
  await page.waitForSelector("#main [data-testid=address]");
  expect(await page.textContent("#main [data-testid=address]")).toBe(w.p2wpkh);
  expect(await page.textContent("[data-testid=workers]")).toContain("balcony-bitaxe");
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, "dashboard-signed-in.png"), fullPage: true });
  // Home's card follows the account, not what this device remembers.
  await page.evaluate(() => localStorage.removeItem("tbg-address"));
  await page.click("#tabs a[data-tab=home]");
  await page.waitForURL(base + "/");
  await page.waitForSelector("#your-mining h2:text-is('Your mining today')");
  expect(await page.getAttribute("#your-mining a[href^='/dashboard']", "href")).toBe(`/dashboard?address=${encodeURIComponent(w.p2wpkh)}`);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test("in a plain browser, a signed-in user whose 15-minute access cookie has lapsed still opens on their own dashboard", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await context.route("https://telegram.org/**", (r) => r.abort());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  // Sign in with the wallet: the account's payout address is the signing address.
  const w = wallet(Uint8Array.from({ length: 32 }, (_, i) => 0x90 + i));
  await page.goto(base + "/signin");
  await page.fill("#btc_address", w.p2wpkh);
  await page.click("#wallet-card button[type=submit]");
  await page.waitForSelector("[data-testid=challenge-message]");
  const message = await page.evaluate(() => document.getElementById("challenge-message")!.textContent!);
  await page.fill("#signature", w.signBip322(message));
  await page.click("#wallet-card button[type=submit]");
  await page.waitForURL(base + "/account");
  await page.waitForSelector("[data-testid=btc-address]");
  // The browser drops the access cookie when it expires; the refresh cookie (sent only to /signin) stays.
  await context.clearCookies({ name: "tbg_session" });
  expect((await context.cookies()).map((c) => c.name)).toEqual(["tbg_refresh"]);
  await page.goto(base + "/dashboard");
  await page.waitForSelector("#main [data-testid=address]");
  expect(await page.textContent("#main [data-testid=address]")).toBe(w.p2wpkh);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test("inside Telegram, a sign-in older than 15 minutes gets 'Sign in again' on the main button; pressing it signs in again and the form appears", async () => {
  let offset = 0;
  const g = await fullApp({ now: () => Date.now() + offset });
  const served = serveForBrowser(g.app);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  try {
    await asTelegramClient(context, { initData: g.initData(8802), colorScheme: "dark", platform: "android" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(served.base + "/signin");
    await page.waitForURL(served.base + "/account");
    // The user leaves, and comes back 16 minutes later: the clock moves only once /account is
    // gone, or its own late requests (htmx loads, the live socket) would meet the expired sign-in.
    await page.goto("about:blank");
    offset = 16 * 60_000;
    await page.goto(served.base + "/account/address");
    await page.waitForSelector("[data-testid=reauth]");
    expect(await page.textContent("[data-testid=reauth] h2")).toBe("Sign in again first");
    await mainButtonShows(page, "Sign in again");
    await pressMainButton(page);
    await page.waitForSelector("#payout-address");
    await mainButtonShows(page, "Get the message to sign");
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    served.stop();
    await g.close();
  }
}, 60_000);
