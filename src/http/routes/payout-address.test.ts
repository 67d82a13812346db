// Me → Address over HTTP, as a browser posts it: a Telegram user links a payout address by signing
// the page's message; every way it can go wrong answers in the form, in plain words, and changes
// nothing. Then the mining pages default to that address. Storage is the suite's engine.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { SECRET_A, SECRET_B } from "../../auth/crypto/testkit.ts";
import { createHarness, signInitData, telegramUser, wallet, type Harness } from "../../auth/test-harness.ts";
import { fullApp, share, type FullApp } from "../../../test/full-app.ts";

type Handle = { handle(r: Request): Response | Promise<Response> };
const ORIGIN = "http://localhost";

/** A browser's cookie jar against one app. */
function browserOn(app: Handle, origin = ORIGIN) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i), value = pair!.slice(i + 1);
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return {
    async get(path: string) {
      const res = keep(await app.handle(new Request(origin + path, { headers: { cookie: cookie() }, redirect: "manual" })));
      return { status: res.status, location: res.headers.get("location"), text: await res.text() };
    },
    async post(path: string, form: Record<string, string>) {
      const res = keep(
        await app.handle(new Request(origin + path, { method: "POST", headers: { cookie: cookie(), origin, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() })),
      );
      return { status: res.status, location: res.headers.get("location"), text: await res.text() };
    },
  };
}
type Browser = ReturnType<typeof browserOn>;

async function telegramSignIn(b: Browser, id: number, at: number) {
  const r = await b.post("/signin/telegram", { init_data: signInitData({ auth_date: String(Math.floor(at / 1000)), user: telegramUser(id) }) });
  expect(r.status).toBe(303);
}

/** The message and nonce the page asks the user to sign. */
function challengeIn(html: string) {
  const message = /id="address-message"[^>]*>([^<]*)</.exec(html)?.[1];
  const nonce = /name="nonce" value="([0-9a-f]+)"/.exec(html)?.[1];
  if (!message || !nonce) throw new Error(`no challenge in: ${html}`);
  return { message, nonce };
}
const alertIn = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1] ?? null;

describe("Me → Address", () => {
  let h: Harness;
  let b: Browser;
  beforeEach(async () => {
    h = await createHarness();
    b = browserOn(h.app);
    await telegramSignIn(b, 5101, h.clock.t);
  });
  afterEach(() => h.close());
  const user = async () => (await h.repos.users.findUserByTelegramId(5101))!;

  test("a Telegram user without an address links one by signing the page's message (legacy), audited", async () => {
    const page = await b.get("/account/address");
    expect(page.status).toBe(200);
    expect(page.text).toContain("none yet");
    expect(page.text).toContain("Link your payout address");
    const w = wallet(SECRET_B);
    const step = await b.post("/account/address/challenge", { btc_address: ` ${w.p2pkh} ` });
    const c = challengeIn(step.text);
    expect(c.message).toContain(`Address: ${w.p2pkh}`);
    // Bitcoin Core can sign for a legacy address: the page gives the exact command.
    expect(step.text).toContain(`bitcoin-cli signmessage "${w.p2pkh}"`);
    expect(step.text).toContain("Tools → Sign/Verify Message");
    const done = await b.post("/account/address", { btc_address: w.p2pkh, nonce: c.nonce, signature: w.signLegacy(c.message) });
    expect(done.text).toContain("Payout address saved");
    expect(done.text).toContain(w.p2pkh);
    expect((await user()).btcAddress).toBe(w.p2pkh);
    const audit = await h.repos.auth.listAudit({ limit: 5, action: "wallet_changed" });
    expect(audit.length).toBe(1);
    expect((await b.get("/account/address")).text).toContain(`data-testid="current-address">${w.p2pkh}<`);
  });

  test("a wrong signature is refused in the form with a fresh message to sign; nothing is linked", async () => {
    const w = wallet(SECRET_B);
    const c = challengeIn((await b.post("/account/address/challenge", { btc_address: w.p2wpkh })).text);
    const r = await b.post("/account/address", { btc_address: w.p2wpkh, nonce: c.nonce, signature: w.signBip322(c.message + " ") });
    expect(alertIn(r.text)).toContain("The signature does not match this message and address");
    const fresh = challengeIn(r.text);
    expect(fresh.nonce).not.toBe(c.nonce);
    // Bitcoin Core cannot sign for bc1q: the page says so instead of giving a command that fails.
    expect(r.text).not.toContain("bitcoin-cli signmessage");
    expect((await user()).btcAddress).toBeNull();
    // The fresh message works.
    const ok = await b.post("/account/address", { btc_address: w.p2wpkh, nonce: fresh.nonce, signature: w.signBip322(fresh.message) });
    expect(ok.text).toContain("Payout address saved");
  });

  test("an expired message is refused in plain words", async () => {
    const w = wallet(SECRET_B);
    const c = challengeIn((await b.post("/account/address/challenge", { btc_address: w.p2wpkh })).text);
    h.clock.t += 6 * 60_000;
    const r = await b.post("/account/address", { btc_address: w.p2wpkh, nonce: c.nonce, signature: w.signLegacy(c.message) });
    expect(alertIn(r.text)).toContain("The message expired (it is valid for 5 minutes)");
    expect((await user()).btcAddress).toBeNull();
  });

  test("an address another account holds is refused; so is one of another network; typed text is escaped", async () => {
    const other = wallet(SECRET_A);
    const oc = (await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: other.p2wpkh } })).body;
    expect((await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: other.p2wpkh, nonce: oc.nonce, signature: other.signLegacy(oc.challenge) } })).status).toBe(200);
    const c = challengeIn((await b.post("/account/address/challenge", { btc_address: other.p2wpkh })).text);
    const r = await b.post("/account/address", { btc_address: other.p2wpkh, nonce: c.nonce, signature: other.signLegacy(c.message) });
    expect(alertIn(r.text)).toContain("This address belongs to another account");
    expect((await user()).btcAddress).toBeNull();

    const testnet = await b.post("/account/address/challenge", { btc_address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx" });
    expect(alertIn(testnet.text)).toBe("That is not a mainnet Bitcoin address. Check it in your wallet and paste it again.");
    const xss = await b.post("/account/address/challenge", { btc_address: `"><img src=x onerror=alert(1)>` });
    expect(xss.text).not.toContain("<img");
    expect(xss.text).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  test("a sign-in older than 15 minutes gets a 'sign in again' step, not an error; a fresh sign-in links", async () => {
    h.clock.t += 16 * 60_000;
    // The access cookie has expired too: the page renews it (a refresh does not count as a sign-in).
    const first = await b.get("/account/address");
    expect(first.status).toBe(303);
    const renewed = await b.get(first.location!);
    expect(renewed.location).toBe("/account/address");
    const page = await b.get("/account/address");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Sign in again first");
    expect(page.text).not.toContain('name="btc_address"');
    // A form opened before it went stale is answered with the same step.
    const w = wallet(SECRET_B);
    expect((await b.post("/account/address/challenge", { btc_address: w.p2wpkh })).text).toContain("Sign in again first");
    await telegramSignIn(b, 5101, h.clock.t);
    const c = challengeIn((await b.post("/account/address/challenge", { btc_address: w.p2wpkh })).text);
    expect((await b.post("/account/address", { btc_address: w.p2wpkh, nonce: c.nonce, signature: w.signLegacy(c.message) })).text).toContain("Payout address saved");
  });
});

describe("mining pages for a signed-in user", () => {
  let f: FullApp;
  beforeAll(async () => {
    f = await fullApp();
  });
  afterAll(() => f.close());
  const signedIn = async (id: number) => {
    const b = browserOn(f.app, "http://127.0.0.1");
    const r = await b.post("/signin/telegram", { init_data: f.initData(id) });
    expect(r.status).toBe(303);
    return b;
  };

  test("without a payout address: dashboard, setup and Home's card say how to link one; anonymous visitors see today's form", async () => {
    const b = await signedIn(6201);
    for (const path of ["/dashboard", "/setup", "/partials/mining-today"]) {
      const r = await b.get(path);
      expect(r.status).toBe(200);
      expect(r.text).toContain('href="/account/address"');
      expect(r.text).toContain("no payout address yet");
    }
    const anon = browserOn(f.app, "http://127.0.0.1");
    const d = await anon.get("/dashboard");
    expect(d.text).toContain("Enter the Bitcoin address your miners use");
    expect(d.text).not.toContain("no payout address yet");
  });

  test("with one: /dashboard, /setup and Home's card show the user's own address without ?address=; an explicit address still wins", async () => {
    const b = await signedIn(6202);
    const w = wallet(Uint8Array.from({ length: 32 }, (_, i) => 0x50 + i));
    const c = challengeIn((await b.post("/account/address/challenge", { btc_address: w.p2wpkh })).text);
    expect((await b.post("/account/address", { btc_address: w.p2wpkh, nonce: c.nonce, signature: w.signBip322(c.message) })).text).toContain("Payout address saved");
    // Before the first share: the user's dashboard, empty.
    const before = await b.get("/dashboard");
    expect(before.status).toBe(200);
    expect(before.text).toContain(`data-testid="address">${w.p2wpkh}<`);
    expect(before.text).toContain("No workers yet.");
    const setup = await b.get("/setup");
    expect(setup.text).toContain(`data-testid="setup-user">${w.p2wpkh}`);
    expect(setup.text).toContain(`/partials/setup/wait?address=${encodeURIComponent(w.p2wpkh)}`);

    const t = Date.now();
    for (let i = 0; i < 5; i++) f.bus.publish("share_submitted", share("garage-axe", t - 60_000 + i * 1000, true, w.p2wpkh));
    await f.flush();
    const d = await b.get("/dashboard");
    expect(d.status).toBe(200);
    expect(d.text).toContain(`data-testid="address">${w.p2wpkh}<`);
    expect(d.text).toContain("garage-axe");
    const today = await b.get("/partials/mining-today");
    expect(today.text).toContain("Your mining today");
    expect(today.text).toContain(`/dashboard?address=${encodeURIComponent(w.p2wpkh)}`);
    const wait = await b.get(`/partials/setup/wait?since=${t - 120_000}`);
    expect(wait.text).toContain('data-state="done"');
    expect(wait.text).toContain("garage-axe");
    // Someone else's address, named explicitly, is still that address.
    const other = await b.get("/dashboard?address=bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
    expect(other.text).toContain('data-testid="address">bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq<');
  });

  test("times on the dashboard are written in the user's time-zone setting; anonymous visitors get UTC", async () => {
    const b = await signedIn(6203);
    const anon = browserOn(f.app, "http://127.0.0.1");
    const addr = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    const titles = (html: string) => [...html.matchAll(/<time [^>]*title="([^"]+)"/g)].map((m) => m[1]!);
    expect(titles((await anon.get(`/dashboard?address=${addr}`)).text).every((t) => t.endsWith(" UTC"))).toBe(true);
    const saved = await b.post("/account/settings", { timezone: "America/New_York", privacy_show_profile: "1" });
    expect(saved.text).toContain("Saved.");
    const mine = titles((await b.get(`/dashboard?address=${addr}`)).text);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => / E[SD]T$/.test(t))).toBe(true);
    // And on the account's own pages and Home; anonymous Home stays in UTC.
    const exact = (tz: string) => new RegExp(`data-abs>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d ${tz}<`);
    expect((await b.get("/account/sessions")).text).toMatch(exact("E[SD]T"));
    expect((await b.get("/")).text).toMatch(exact("E[SD]T"));
    expect((await anon.get("/")).text).toMatch(exact("UTC"));
  });
});
