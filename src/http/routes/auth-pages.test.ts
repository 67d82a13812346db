import { afterEach, beforeEach, expect, test } from "bun:test";
import { SECRET_A } from "../../auth/crypto/testkit.ts";
import { createHarness, signInitData, telegramUser, wallet, type Harness } from "../../auth/test-harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const A = wallet(SECRET_A);

async function form(path: string, fields: Record<string, string>, cookie?: string, headers: Record<string, string> = {}) {
  return h.app.handle(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}), ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}
const get = (path: string, cookie?: string) => h.app.handle(new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} }));
const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

test("wallet sign-in page: challenge shown with copy buttons, signature pasted, HttpOnly SameSite=Strict cookies, account page", async () => {
  const page = await get("/signin");
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('hx-post="/signin/challenge"');
  const ch = await (await form("/signin/challenge", { btc_address: A.p2wpkh })).text();
  const message = unescape(/data-testid="challenge-message"[^>]*>([^<]+)</.exec(ch)![1]!);
  const nonce = /name="nonce" value="([0-9a-f]+)"/.exec(ch)![1]!;
  expect(message).toContain(`Nonce: ${nonce}`);
  expect(ch).toContain("tbg.copy(");
  const res = await form("/signin/wallet", { btc_address: A.p2wpkh, nonce, signature: A.signLegacy(message) });
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/account");
  const cookies = res.headers.getSetCookie();
  expect(cookies[0]).toMatch(/^tbg_session=.+; Path=\/; Max-Age=900; HttpOnly; SameSite=Strict$/);
  expect(cookies[1]).toMatch(/^tbg_refresh=.+; Path=\/signin; Max-Age=2592000; HttpOnly; SameSite=Strict$/);
  const account = await get("/account", cookieOf(res));
  expect(account.status).toBe(200);
  expect(await account.text()).toContain(A.p2wpkh);
  // A replayed form post with the same nonce shows the error in the form instead.
  const again = await (await form("/signin/wallet", { btc_address: A.p2wpkh, nonce, signature: A.signLegacy(message) })).text();
  expect(again).toContain("Unknown or already used challenge");
});

test("without a session the account page sends the user to renew, then sign in; expired access renews from the refresh cookie", async () => {
  const anon = await get("/account");
  expect(anon.status).toBe(303);
  expect(anon.headers.get("location")).toBe("/signin/renew?next=%2Faccount");
  const renewAnon = await get("/signin/renew?next=%2Faccount");
  expect(renewAnon.headers.get("location")).toBe("/signin");
  const init = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(5) });
  const res = await form("/signin/telegram", { init_data: init });
  expect(res.status).toBe(303);
  const all = cookieOf(res);
  h.clock.t += 16 * 60_000;
  const expired = await get("/account", all);
  expect(expired.headers.get("location")).toBe("/signin/renew?next=%2Faccount");
  const renewed = await get("/signin/renew?next=%2Faccount", all);
  expect(renewed.headers.get("location")).toBe("/account");
  expect((await get("/account", cookieOf(renewed))).status).toBe(200);
  // An open redirect through next= is not possible.
  const evil = await get("/signin/renew?next=%2F%2Fevil.example", cookieOf(renewed));
  expect(evil.headers.get("location")).toBe("/account");
});

test("names are escaped on pages; cookie writes from another origin are refused", async () => {
  const init = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(9, { username: "x<img src=x onerror=alert(1)>" }) });
  const res = await form("/signin/telegram", { init_data: init });
  const cookie = cookieOf(res);
  const page = await (await get("/account", cookie)).text();
  expect(page).not.toContain("<img src=x");
  expect(page).toContain("@x&lt;img src=x onerror=alert(1)&gt;");
  const saved = await (await form("/account/profile", { display_name: "<script>", country_code: "" }, cookie)).text();
  expect(saved).toContain("Display name may contain only");
  expect(saved).not.toContain('value="<script>"');
  const cross = await form("/account/profile", { display_name: "Evil", country_code: "" }, cookie, { origin: "https://evil.example" });
  expect(cross.status).toBe(403);
  expect((await form("/account/profile", { display_name: "Fine", country_code: "PT" }, cookie, { origin: "http://localhost" })).status).toBe(200);
});

test("API key page shows a new key once; sessions page lists and revokes", async () => {
  const init = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(11) });
  const cookie = cookieOf(await form("/signin/telegram", { init_data: init }));
  const created = await (await form("/account/keys", { name: "miner-bot", permission: "read" }, cookie)).text();
  const key = /data-testid="new-key">(tbg_[A-Za-z0-9_-]{43})</.exec(created)![1]!;
  expect((await h.call("GET", "/api/v1/users/me", { apiKey: key })).status).toBe(200);
  expect(await (await get("/account/keys", cookie)).text()).not.toContain(key);
  const sessions = await (await get("/account/sessions", cookie)).text();
  expect(sessions).toContain("this device");
  const id = /\/account\/sessions\/([0-9a-f-]+)\/revoke/.exec(sessions)![1]!;
  expect((await form(`/account/sessions/${id}/revoke`, {}, cookie)).status).toBe(303);
  expect((await get("/account", cookie)).status).toBe(303);
});

test("admin page needs the admin role", async () => {
  const init = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(12) });
  const cookie = cookieOf(await form("/signin/telegram", { init_data: init }));
  expect((await get("/admin", cookie)).status).toBe(403);
});
