// The sign-in pages in a real browser: what a user sees when signing in with email and password,
// with a wallet signature, and automatically inside Telegram. The server is the real app over a
// real SQLite file; only Telegram's script (an internet service) is replaced.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { SECRET_B } from "../../auth/crypto/testkit.ts";
import { createHarness, signInitData, telegramUser, wallet, type Harness } from "../../auth/test-harness.ts";
import { asTelegramClient, launchBrowser, serveForBrowser } from "../../../test/browser.ts";

let browser: Browser;
let h: Harness;
let base: string;
let server: { base: string; stop(): void };

beforeAll(async () => {
  browser = await launchBrowser();
  h = await createHarness();
  server = serveForBrowser(h.app);
  base = server.base;
});
afterAll(async () => {
  await browser?.close();
  server?.stop();
  await h?.close();
});

/** A fresh browser profile (no cookies) on /signin, with Telegram's script replaced. */
async function openSignIn(initData = ""): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Inside Telegram the client provides Telegram.WebApp; outside, telegram.org is never asked.
  if (initData) await asTelegramClient(page, { initData });
  else await page.route("https://telegram.org/**", (route) => route.abort());
  await page.goto(base + "/signin");
  await page.waitForFunction(() => (window as unknown as { htmx?: unknown }).htmx !== undefined);
  return { context, page, errors };
}

async function sessionCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies(base)).find((c) => c.name === "tbg_session")?.value;
}

async function expectAccountPage(page: Page): Promise<void> {
  await page.waitForURL(base + "/account");
  await page.waitForSelector("#main h1:text-is('Your account')");
}

describe("sign-in pages in a browser", () => {
  test("email and password: register, sign out, wrong password shows the error and no session, right password lands on the account", async () => {
    const { context, page, errors } = await openSignIn();
    const address = wallet(SECRET_B).p2wpkh;
    await page.click("a[href='/register']");
    await page.waitForSelector("#register-card");
    await page.fill("#r-email", "ana@example.org");
    await page.fill("#r-password", "Correct-Horse-9");
    await page.fill("#r-address", address);
    await page.fill("#r-name", "AnaMiner");
    await page.click("#register-card button[type=submit]");
    await expectAccountPage(page);
    expect(await page.inputValue("#display_name")).toBe("AnaMiner");
    expect(await page.textContent("[data-testid=btc-address]")).toBe(address);
    const beforeSignOut = await sessionCookie(context);
    const replayAccount = () => h.app.handle(new Request(base + "/account", { headers: { cookie: `tbg_session=${beforeSignOut}` } }));
    expect((await replayAccount()).status).toBe(200);

    await page.click("#main form[hx-post='/signin/out'] button");
    await page.waitForURL(base + "/signin");
    await page.waitForSelector("#password-card");
    expect(await sessionCookie(context)).toBeUndefined();
    // The server revoked the session too: the old cookie, replayed, no longer opens the account.
    expect((await replayAccount()).status).toBe(303);
    // Signed out for real: the account page now sends the browser back to sign in.
    await page.goto(base + "/account");
    await page.waitForURL(base + "/signin");
    await page.waitForFunction(() => (window as unknown as { htmx?: unknown }).htmx !== undefined);

    await page.fill("#email", "ana@example.org");
    await page.fill("#password", "Wrong-Horse-9");
    await page.click("#password-card button[type=submit]");
    await page.waitForSelector("#password-card [role=alert]");
    expect(await page.textContent("#password-card [role=alert]")).toBe("Email or password is wrong");
    expect(page.url()).toBe(base + "/signin");
    expect(await sessionCookie(context)).toBeUndefined();
    // The swapped-in form keeps the email so the user only retypes the password.
    expect(await page.inputValue("#email")).toBe("ana@example.org");

    await page.fill("#password", "Correct-Horse-9");
    await page.click("#password-card button[type=submit]");
    await expectAccountPage(page);
    expect(await page.inputValue("#display_name")).toBe("AnaMiner");
    expect(await sessionCookie(context)).toBeTruthy();
    expect(errors).toEqual([]);
    await context.close();
  });

  test("wallet: the page shows the challenge for the typed address; the signature of exactly that text signs in", async () => {
    const w = wallet(Uint8Array.from({ length: 32 }, (_, i) => 0x30 + i));
    const { context, page, errors } = await openSignIn();
    await page.fill("#btc_address", w.p2pkh);
    await page.click("#wallet-card button[type=submit]");
    await page.waitForSelector("[data-testid=challenge-message]");
    expect(await page.textContent("#challenge-address")).toBe(w.p2pkh);
    // What the user copies is the text the browser shows, not the HTML source.
    const message = await page.evaluate(() => document.getElementById("challenge-message")!.textContent!);
    expect(message).toContain(w.p2pkh);
    expect(message).toMatch(/Nonce: [0-9a-f]+/);

    // A signature of anything else is refused, in place, with a way to start again.
    await page.fill("#signature", w.signLegacy(message + " "));
    await page.click("#wallet-card button[type=submit]");
    await page.waitForSelector("#wallet-card [role=alert]");
    expect(await page.textContent("#wallet-card [role=alert]")).toContain("get a new message and sign again");
    expect(await sessionCookie(context)).toBeUndefined();

    await page.click("#wallet-card button[type=submit]");
    await page.waitForSelector("[data-testid=challenge-message]");
    const fresh = await page.evaluate(() => document.getElementById("challenge-message")!.textContent!);
    expect(fresh).not.toBe(message);
    await page.fill("#signature", w.signLegacy(fresh));
    await page.click("#wallet-card button[type=submit]");
    await expectAccountPage(page);
    expect(await page.textContent("[data-testid=btc-address]")).toBe(w.p2pkh);
    expect(await sessionCookie(context)).toBeTruthy();
    expect(errors).toEqual([]);
    await context.close();
  });

  test("inside Telegram: opening /signin with initData signed for the bot signs the user in by itself; a forged one does not", async () => {
    const fields = { auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(4243) };
    const forged = await openSignIn(signInitData(fields, "987654321:another-bot-token"));
    await forged.page.waitForSelector("#main [role=alert]");
    expect(await forged.page.textContent("#main [role=alert]")).toStartWith("Telegram sign-in failed:");
    expect(forged.page.url()).toBe(base + "/signin");
    expect(await sessionCookie(forged.context)).toBeUndefined();
    await forged.context.close();

    const initData = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), query_id: "AAHdF6IQAAAAAN0XohDhrOrc", user: telegramUser(4242, { username: "tg_ana" }) });
    const { context, page, errors } = await openSignIn(initData);
    await expectAccountPage(page);
    expect(await page.textContent("#profile-card")).toContain("Telegram: @tg_ana");
    expect(await sessionCookie(context)).toBeTruthy();
    expect(errors).toEqual([]);
    await context.close();
  });
});
