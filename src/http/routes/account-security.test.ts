// Account takeover paths, each reproduced as an attacker would try it: mail links built from a
// forged Host, an API key changing account security, stale sessions, password guessing,
// revoked tokens coming back after a restart, login CSRF, and bad input that used to be a 500.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SECRET_A, SECRET_B } from "../../auth/crypto/testkit.ts";
import { createHarness, signInitData, telegramUser, wallet, type Harness } from "../../auth/test-harness.ts";
import { startSmtpTestServer, type SmtpTestServer } from "../../mail/smtp-test-server.ts";

const A = wallet(SECRET_A);
const B = wallet(SECRET_B);
const PASSWORD = "S3cure!Pass123";

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function harness(env: Record<string, string> = {}, opts: { keepDir?: string } = {}): Promise<Harness> {
  const h = await createHarness(env, opts);
  cleanups.push(() => h.close());
  return h;
}

async function walletSignIn(h: Harness, w = A) {
  const c = (await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: w.p2wpkh } })).body;
  const r = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: w.p2wpkh, nonce: c.nonce, signature: w.signLegacy(c.challenge) } });
  expect(r.status).toBe(200);
  return r.body as { access_token: string; refresh_token: string; user: { id: number } };
}

function form(h: Harness, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return h.app.handle(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

describe("mail links never follow the Host header", () => {
  let smtp: SmtpTestServer;
  const linksIn = (text: string) => text.match(/https?:\/\/[^\s"<>]+/g) ?? [];

  async function served(env: Record<string, string>) {
    smtp = startSmtpTestServer();
    cleanups.push(() => smtp.stop());
    const h = await harness({ TBG_SMTP_HOST: "127.0.0.1", TBG_SMTP_PORT: String(smtp.port), TBG_SMTP_FROM: "pool@example.test", ...env });
    const server = h.app.listen({ hostname: "127.0.0.1", port: 0 });
    cleanups.push(() => void server.server?.stop(true));
    const base = `http://127.0.0.1:${server.server!.port}`;
    const post = (path: string, body: unknown, host: string) =>
      fetch(base + path, { method: "POST", headers: { host, "content-type": "application/json" }, body: JSON.stringify(body) });
    return { h, post };
  }

  test("TBG_PUBLIC_URL unset: reset and verification links point at the listen address, not evil.example", async () => {
    const { post } = await served({});
    const reg = await post("/api/v1/auth/register", { email: "victim@example.com", password: PASSWORD, btc_address: A.p2wpkh }, "evil.example");
    expect(reg.status).toBe(201);
    const verify = await smtp.waitFor(1);
    expect(await post("/api/v1/auth/forgot-password", { email: "victim@example.com" }, "evil.example")).toHaveProperty("status", 200);
    const reset = await smtp.waitFor(2);
    for (const mail of [verify, reset]) {
      expect(mail.text + mail.html).not.toContain("evil.example");
      for (const link of linksIn(mail.text)) expect(new URL(link).origin).toBe("http://localhost:8080");
    }
    expect(linksIn(reset.text).some((l) => l.startsWith("http://localhost:8080/reset-password?token="))).toBe(true);
  });

  test("a Host listed in TBG_ALLOWED_HOSTS is used; any other still is not", async () => {
    const { post } = await served({ TBG_ALLOWED_HOSTS: "pool.lan:8080, Pool.Example" });
    await post("/api/v1/auth/register", { email: "miner@example.com", password: PASSWORD, btc_address: A.p2wpkh }, "pool.lan:8080");
    expect(linksIn((await smtp.waitFor(1)).text)[0]).toStartWith("http://pool.lan:8080/verify-email?token=");
    await post("/api/v1/auth/forgot-password", { email: "miner@example.com" }, "evil.example");
    const reset = await smtp.waitFor(2);
    expect(reset.text).not.toContain("evil.example");
    expect(linksIn(reset.text)[0]).toStartWith("http://localhost:8080/reset-password?token=");
  });

  test("TBG_PUBLIC_URL wins over every Host", async () => {
    const { post } = await served({ TBG_PUBLIC_URL: "https://pool.example.org" });
    await post("/api/v1/auth/register", { email: "m@example.com", password: PASSWORD, btc_address: A.p2wpkh }, "evil.example");
    expect(linksIn((await smtp.waitFor(1)).text)[0]).toStartWith("https://pool.example.org/verify-email?token=");
  });
});

describe("account security needs a signed-in session, not an API key", () => {
  test("a write-scoped key can neither relink the wallet, set a password, link Telegram, nor use the account pages", async () => {
    const h = await harness();
    const a = await walletSignIn(h);
    const key = (await h.call("POST", "/api/v1/users/me/api-keys", { token: a.access_token, body: { name: "bot", permissions: ["read", "write"] } })).body.key as string;
    // The attacker gets a challenge for their own address and signs it: the proof is valid.
    const c = (await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: B.p2wpkh } })).body;
    const relink = await h.call("PATCH", "/api/v1/users/me/wallet", { apiKey: key, body: { btc_address: B.p2wpkh, nonce: c.nonce, signature: B.signLegacy(c.challenge) } });
    expect(relink.status).toBe(403);
    expect(relink.body.error.code).toBe("AUTH_SESSION_REQUIRED");
    const pw = await h.call("POST", "/api/v1/auth/change-password", { apiKey: key, body: { new_password: "Attacker!Pass1" } });
    expect(pw.status).toBe(403);
    expect(pw.body.error.code).toBe("AUTH_SESSION_REQUIRED");
    const init = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(66) });
    expect((await h.call("POST", "/api/v1/auth/telegram/link", { apiKey: key, body: { init_data: init } })).status).toBe(403);
    expect((await h.call("GET", "/api/v1/users/me/sessions", { apiKey: key })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/users/me/api-keys", { apiKey: key, body: { name: "more" } })).status).toBe(403);
    // The account pages mint keys too: not with a key.
    const page = await form(h, "/account/keys", { name: "more", permission: "write" }, { "x-api-key": key });
    expect(page.status).toBe(403);
    expect(((await page.json()) as { error: { code: string } }).error.code).toBe("AUTH_SESSION_REQUIRED");
    // Nothing changed: same address, still no password, still one key, no Telegram.
    const me = (await h.call("GET", "/api/v1/auth/me", { token: a.access_token })).body.user;
    expect(me.btc_address).toBe(A.p2wpkh);
    expect(me.telegram_id ?? null).toBeNull();
    const row = { password_hash: (await h.repos.users.findUserById(a.user.id))!.passwordHash };
    expect(row.password_hash).toBeNull();
    expect((await h.call("GET", "/api/v1/users/me/api-keys", { token: a.access_token })).body.data.length).toBe(1);
    // The key still does what keys are for.
    expect((await h.call("PATCH", "/api/v1/users/me", { apiKey: key, body: { country_code: "PT" } })).status).toBe(200);
  });

  test("password, wallet and Telegram changes need a sign-in from the last 15 minutes; a refresh does not renew it", async () => {
    const h = await harness();
    const a = await walletSignIn(h);
    h.clock.t += 14 * 60_000;
    const refreshed = (await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: a.refresh_token } })).body;
    h.clock.t += 2 * 60_000;
    const pw = await h.call("POST", "/api/v1/auth/change-password", { token: refreshed.access_token, body: { new_password: "Brand!New1pass" } });
    expect(pw.status).toBe(403);
    expect(pw.body.error).toEqual({ code: "AUTH_REAUTH_REQUIRED", message: "Sign in again to do this: it needs a sign-in from the last 15 minutes", details: { max_age_s: 900 } });
    const c = (await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: B.p2wpkh } })).body;
    const relink = await h.call("PATCH", "/api/v1/users/me/wallet", { token: refreshed.access_token, body: { btc_address: B.p2wpkh, nonce: c.nonce, signature: B.signLegacy(c.challenge) } });
    expect(relink.body.error.code).toBe("AUTH_REAUTH_REQUIRED");
    const init = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(67) });
    expect((await h.call("POST", "/api/v1/auth/telegram/link", { token: refreshed.access_token, body: { init_data: init } })).body.error.code).toBe("AUTH_REAUTH_REQUIRED");
    // Everyday use of the same token is fine.
    expect((await h.call("GET", "/api/v1/users/me/sessions", { token: refreshed.access_token })).status).toBe(200);
    // Signing in again allows it.
    const fresh = await walletSignIn(h);
    expect((await h.call("POST", "/api/v1/auth/change-password", { token: fresh.access_token, body: { new_password: "Brand!New1pass" } })).status).toBe(200);
  });

  test("change-password is rate limited and locks the account after 10 wrong current passwords", async () => {
    const h = await harness();
    const reg = await h.call("POST", "/api/v1/auth/register", { body: { email: "me@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
    expect(reg.status).toBe(201);
    const token = reg.body.access_token as string;
    const guess = (n: number) => h.call("POST", "/api/v1/auth/change-password", { token, body: { current_password: `Wrong!guess${n}`, new_password: "Brand!New1pass" } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await guess(i)).status);
    // Five a minute, then 429 without even checking the guess.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    h.clock.t += 61_000;
    for (let i = 6; i < 10; i++) statuses.push((await guess(i)).status);
    const tenth = await guess(10);
    expect(statuses.slice(6)).toEqual([401, 401, 401, 401]);
    expect(tenth.status).toBe(429);
    expect(tenth.body.error.code).toBe("AUTH_ACCOUNT_LOCKED");
    h.clock.t += 61_000;
    // Locked: even the right password is refused now, here and at sign-in.
    const right = await h.call("POST", "/api/v1/auth/change-password", { token, body: { current_password: PASSWORD, new_password: "Brand!New1pass" } });
    expect(right.body.error.code).toBe("AUTH_ACCOUNT_LOCKED");
    expect((await h.call("POST", "/api/v1/auth/login", { body: { email: "me@example.com", password: PASSWORD } })).body.error.code).toBe("AUTH_ACCOUNT_LOCKED");
    expect((await h.call("POST", "/api/v1/auth/login", { body: { email: "me@example.com", password: "Brand!New1pass" } })).status).not.toBe(200);
  });
});

describe("sessions", () => {
  test("an access token revoked with its session stays revoked after a restart, also one from before a refresh", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-restart-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const h1 = await createHarness({}, { keepDir: dir });
    const a = await walletSignIn(h1);
    h1.clock.t += 60_000;
    const b = (await h1.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: a.refresh_token } })).body;
    expect((await h1.call("POST", "/api/v1/auth/logout", { token: b.access_token })).status).toBe(200);
    for (const t of [a.access_token, b.access_token]) expect((await h1.call("GET", "/api/v1/auth/me", { token: t })).status).toBe(401);
    const at = h1.clock.t;
    await h1.close();
    // A new process on the same data dir and database, both tokens still within their 15 minutes.
    const h2 = await createHarness({}, { keepDir: dir, reopen: h1.target });
    cleanups.push(() => h2.close());
    h2.clock.t = at + 60_000;
    for (const t of [a.access_token, b.access_token]) {
      const r = await h2.call("GET", "/api/v1/auth/me", { token: t });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("AUTH_TOKEN_REVOKED");
    }
    // A session nobody ended works across the restart.
    const c = await walletSignIn(h2, B);
    expect((await h2.call("GET", "/api/v1/auth/me", { token: c.access_token })).status).toBe(200);
  });

  test("the cleanup keeps a live session's sign-in time, so a month-old session never looks freshly signed in", async () => {
    const h = await harness();
    const signedInAt = h.clock.t;
    const a = await walletSignIn(h);
    const family = async () => (await h.query<{ family_id: string }>("SELECT family_id FROM refresh_tokens LIMIT 1"))[0]!.family_id;
    h.clock.t += 29 * 86_400_000;
    const b = (await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: a.refresh_token } })).body;
    // The first row has expired; the family lives on through the second.
    h.clock.t += 2 * 86_400_000;
    await h.repos.auth.deleteExpiredRefresh(h.clock.t);
    expect(await h.repos.auth.familyStartedAt(await family())).toBe(signedInAt);
    const c = (await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: b.refresh_token } })).body;
    const pw = await h.call("POST", "/api/v1/auth/change-password", { token: c.access_token, body: { new_password: "Brand!New1pass" } });
    expect(pw.body.error.code).toBe("AUTH_REAUTH_REQUIRED");
    // Once every row of the family has expired, all of it goes.
    h.clock.t += 31 * 86_400_000;
    await h.repos.auth.deleteExpiredRefresh(h.clock.t);
    expect((await h.query<{ n: number }>("SELECT count(*) AS n FROM refresh_tokens"))[0]!.n).toBe(0);
  });

  test("login CSRF: sign-in forms posted from another site get no session", async () => {
    const h = await harness();
    expect((await h.call("POST", "/api/v1/auth/register", { body: { email: "attacker@example.com", password: PASSWORD, btc_address: B.p2wpkh } })).status).toBe(201);
    const fields = { email: "attacker@example.com", password: PASSWORD };
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }] as Record<string, string>[]) {
      const r = await form(h, "/signin/password", fields, headers);
      expect(r.status).toBe(403);
      expect(r.headers.getSetCookie()).toEqual([]);
      expect(await r.json()).toEqual({ error: { code: "CROSS_SITE_REFUSED", message: "Cross-site request refused", details: null } });
    }
    const init = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(70) });
    expect((await form(h, "/signin/telegram", { init_data: init }, { origin: "https://evil.example" })).status).toBe(403);
    // The JSON API sets no cookies, so the check stays on the forms (CORS governs browsers there).
    const api = await h.call("POST", "/api/v1/auth/login", { body: fields, headers: { origin: "https://app.example.com" } });
    expect(api.status).toBe(200);
    // From our own page it works.
    const ok = await form(h, "/signin/password", fields, { origin: "http://localhost", "sec-fetch-site": "same-origin" });
    expect(ok.status).toBe(303);
    expect(cookieOf(ok)).toContain("tbg_session=");
  });
});

describe("bad input is a 4xx with the error shape, never a 500", () => {
  test("Origin: null or an unparsable Origin on a cookie POST", async () => {
    const h = await harness();
    const init = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(71) });
    const cookie = cookieOf(await form(h, "/signin/telegram", { init_data: init }));
    for (const origin of ["null", "http://[not-an-origin", "::::"]) {
      const page = await form(h, "/account/profile", { display_name: "Evil", country_code: "" }, { cookie, origin });
      expect(page.status).toBe(403);
      expect(((await page.json()) as { error: { code: string } }).error.code).toBe("CROSS_SITE_REFUSED");
      const api = await h.call("PATCH", "/api/v1/users/me", { body: { country_code: "PT" }, headers: { cookie, origin } });
      expect(api.status).toBe(403);
      expect(api.body.error).toMatchObject({ code: "CROSS_SITE_REFUSED", details: null });
    }
  });

  test("a malformed tbg_session cookie", async () => {
    const h = await harness();
    for (const value of ["%E0%A4%A", "%", "not.a.jwt"]) {
      const r = await h.call("GET", "/api/v1/auth/me", { headers: { cookie: `tbg_session=${value}` } });
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: "AUTH_TOKEN_INVALID", details: null });
      // Pages send such a browser to sign in again instead of failing.
      const page = await h.app.handle(new Request("http://localhost/account", { headers: { cookie: `tbg_session=${value}` } }));
      expect(page.status).toBe(303);
    }
  });
});
