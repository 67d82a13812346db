import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { SECRET_A, SECRET_B } from "../../auth/crypto/testkit.ts";
import { createHarness, signInitData, telegramUser, wallet, type Harness } from "../../auth/test-harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const A = wallet(SECRET_A);
const B = wallet(SECRET_B);

async function challenge(address: string) {
  const r = await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: address } });
  expect(r.status).toBe(200);
  return r.body as { challenge: string; nonce: string; expires_in: number };
}

async function walletLogin(address: string, sign: (m: string) => string) {
  const c = await challenge(address);
  return h.call("POST", "/api/v1/auth/verify", { body: { btc_address: address, nonce: c.nonce, signature: sign(c.challenge) } });
}

describe("wallet sign-in", () => {
  test("challenge names address, nonce and time; verify returns tokens and creates the user", async () => {
    const c = await challenge(A.p2wpkh);
    expect(c.expires_in).toBe(300);
    expect(c.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(c.challenge).toBe(`The Bitcoin Game authentication\nAddress: ${A.p2wpkh}\nNonce: ${c.nonce}\nTimestamp: 2026-03-02T12:00:00Z`);
    const r = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: A.p2wpkh, nonce: c.nonce, signature: A.signLegacy(c.challenge) } });
    expect(r.status).toBe(200);
    expect(r.body.token_type).toBe("bearer");
    expect(r.body.expires_in).toBe(900);
    expect(r.body.user.btc_address).toBe(A.p2wpkh);
    expect(r.body.user.auth_method).toBe("wallet");
    const me = await h.call("GET", "/api/v1/auth/me", { token: r.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(r.body.user.id);
  });

  test("accepts Electrum-style legacy signatures for P2PKH, P2SH-P2WPKH, and BIP-322 for P2WPKH", async () => {
    for (const [addr, sign] of [[A.p2pkh, A.signLegacy], [A.p2shP2wpkh, A.signLegacy], [B.p2wpkh, B.signBip322]] as const) {
      const r = await walletLogin(addr, sign);
      expect(r.status).toBe(200);
      expect(r.body.user.btc_address).toBe(addr);
    }
    // The smp-prefixed form of BIP-322 too.
    const c = await challenge(B.p2wpkh);
    const r = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: B.p2wpkh, nonce: c.nonce, signature: "smp" + B.signBip322(c.challenge) } });
    expect(r.status).toBe(200);
  });

  test("a replayed nonce is refused", async () => {
    const c = await challenge(A.p2wpkh);
    const body = { btc_address: A.p2wpkh, nonce: c.nonce, signature: A.signLegacy(c.challenge) };
    expect((await h.call("POST", "/api/v1/auth/verify", { body })).status).toBe(200);
    const again = await h.call("POST", "/api/v1/auth/verify", { body });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe("AUTH_CHALLENGE_NOT_FOUND");
  });

  test("an expired challenge is refused", async () => {
    const c = await challenge(A.p2wpkh);
    h.clock.t += 5 * 60_000 + 1;
    const r = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: A.p2wpkh, nonce: c.nonce, signature: A.signLegacy(c.challenge) } });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("AUTH_CHALLENGE_EXPIRED");
  });

  test("a signature by another key, or a challenge for another address, is refused", async () => {
    const c = await challenge(A.p2wpkh);
    const r = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: A.p2wpkh, nonce: c.nonce, signature: B.signLegacy(c.challenge) } });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("AUTH_INVALID_SIGNATURE");
    const c2 = await challenge(A.p2wpkh);
    const r2 = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: B.p2wpkh, nonce: c2.nonce, signature: B.signLegacy(c2.challenge) } });
    expect(r2.status).toBe(401);
    expect(r2.body.error.code).toBe("AUTH_ADDRESS_MISMATCH");
    expect((await h.repos.auth.listAudit({ limit: 10, action: "login_failed" })).length).toBe(1);
  });

  test("an address of the wrong network or garbage is a 422", async () => {
    const r = await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx" } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("INVALID_BTC_ADDRESS");
  });

  test("challenge requests are limited per IP (seed: 20/min) with Retry-After, and the window slides", async () => {
    for (let i = 0; i < 20; i++) expect((await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: A.p2wpkh } })).status).toBe(200);
    const r = await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: A.p2wpkh } });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe("AUTH_RATE_LIMITED");
    expect(Number(r.headers.get("retry-after"))).toBe(60);
    h.clock.t += 60_001;
    expect((await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: A.p2wpkh } })).status).toBe(200);
  });

  test("failed signatures back off exponentially", async () => {
    for (let i = 0; i < 4; i++) {
      const c = await challenge(A.p2wpkh);
      const r = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: A.p2wpkh, nonce: c.nonce, signature: B.signLegacy(c.challenge) } });
      expect(r.status).toBe(401);
    }
    const c = await challenge(A.p2wpkh);
    const r = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: A.p2wpkh, nonce: c.nonce, signature: A.signLegacy(c.challenge) } });
    expect(r.status).toBe(429);
    h.clock.t += 1000;
    expect((await walletLogin(A.p2wpkh, A.signLegacy)).status).toBe(200);
  });
});

describe("tokens", () => {
  test("an altered JWT is refused, and so is one past 15 minutes", async () => {
    const r = await walletLogin(A.p2wpkh, A.signLegacy);
    const token: string = r.body.access_token;
    const [head, payload, sig] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    expect(Object.keys(claims).sort()).toEqual(["aud", "auth_time", "btc", "exp", "iat", "iss", "jti", "role", "sub"]);
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.iss).toBe("thebitcoingame");
    const forged = Buffer.from(JSON.stringify({ ...claims, role: "admin", sub: "999" })).toString("base64url");
    const bad = await h.call("GET", "/api/v1/auth/me", { token: `${head}.${forged}.${sig}` });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe("AUTH_TOKEN_INVALID");
    const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    expect((await h.call("GET", "/api/v1/auth/me", { token: `${none}.${payload}.` })).status).toBe(401);
    h.clock.t += 15 * 60_000 + 1000;
    const late = await h.call("GET", "/api/v1/auth/me", { token });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe("AUTH_TOKEN_EXPIRED");
  });

  test("refresh rotates; reusing a rotated token revokes the whole family", async () => {
    const r = await walletLogin(A.p2wpkh, A.signLegacy);
    const first: string = r.body.refresh_token;
    const r2 = await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: first } });
    expect(r2.status).toBe(200);
    expect(r2.body.refresh_token).not.toBe(first);
    const second: string = r2.body.refresh_token;
    // The thief replays the first token: refused, and the legitimate second token dies with it.
    const reuse = await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: first } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe("AUTH_REFRESH_REUSED");
    const after = await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: second } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("AUTH_REFRESH_REVOKED");
    // The access token of that family is denied too.
    expect((await h.call("GET", "/api/v1/auth/me", { token: r2.body.access_token })).status).toBe(401);
    expect((await h.repos.auth.listAudit({ limit: 5, action: "refresh_reuse_detected" })).length).toBe(1);
  });

  test("only the hash of a refresh token is stored", async () => {
    const r = await walletLogin(A.p2wpkh, A.signLegacy);
    const rows = await h.query<{ token_hash: string }>("SELECT token_hash FROM refresh_tokens");
    expect(rows.length).toBe(1);
    expect(rows[0]!.token_hash).toBe(new Bun.CryptoHasher("sha256").update(r.body.refresh_token).digest("hex"));
  });

  test("logout and revoke end the session", async () => {
    const r = await walletLogin(A.p2wpkh, A.signLegacy);
    expect((await h.call("POST", "/api/v1/auth/logout", { token: r.body.access_token })).status).toBe(200);
    expect((await h.call("GET", "/api/v1/auth/me", { token: r.body.access_token })).body.error.code).toBe("AUTH_TOKEN_REVOKED");
    expect((await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: r.body.refresh_token } })).status).toBe(401);
    const s = await walletLogin(A.p2wpkh, A.signLegacy);
    expect((await h.call("POST", "/api/v1/auth/revoke", { body: { refresh_token: s.body.refresh_token } })).status).toBe(200);
    expect((await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: s.body.refresh_token } })).status).toBe(401);
  });

  test("JWT keys are made once, kept with mode 0600, rotated by kid with old tokens still valid", async () => {
    const { statSync, readdirSync } = await import("node:fs");
    const files = readdirSync(`${h.dir}/keys`);
    expect(files.length).toBe(1);
    expect(statSync(`${h.dir}/keys/${files[0]}`).mode & 0o777).toBe(0o600);
    const before = await walletLogin(A.p2wpkh, A.signLegacy);
    const oldKid = h.accounts.ctx.keys.currentKid;
    h.clock.t += 1000;
    const newKid = h.accounts.ctx.keys.rotate();
    expect(newKid > oldKid).toBe(true);
    expect((await h.call("GET", "/api/v1/auth/me", { token: before.body.access_token })).status).toBe(200);
    const after = await walletLogin(B.p2wpkh, B.signLegacy);
    expect(JSON.parse(Buffer.from(after.body.access_token.split(".")[0], "base64url").toString()).kid).toBe(newKid);
    const jwks = await h.call("GET", "/api/v1/auth/jwks");
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([oldKid, newKid]);
    expect(jwks.body.keys[0].d).toBeUndefined();
  });
});

describe("telegram", () => {
  test("valid initData signs in, creates the user once, keeps profile and the first start_param", async () => {
    const at = String(Math.floor(h.clock.t / 1000));
    const init = signInitData({ auth_date: at, query_id: "AAH", user: telegramUser(777, { first_name: "<b>Ana</b>" }), start_param: "ref_alice" });
    const r = await h.call("POST", "/api/v1/auth/telegram", { body: { init_data: init } });
    expect(r.status).toBe(200);
    expect(r.body.user.telegram_id).toBe(777);
    expect(r.body.start_param).toBe("ref_alice");
    const again = signInitData({ auth_date: at, user: telegramUser(777, { username: "ana_new" }), start_param: "ref_bob" });
    const r2 = await h.call("POST", "/api/v1/auth/telegram", { headers: { authorization: `tma ${again}` } });
    expect(r2.status).toBe(200);
    expect(r2.body.user.id).toBe(r.body.user.id);
    expect(r2.body.user.telegram_username).toBe("ana_new");
    const p = (await h.query<{ start_param: string; first_name: string }>("SELECT start_param, first_name FROM telegram_profiles"))[0]!;
    expect(p.start_param).toBe("ref_alice");
  });

  test("forged or expired initData is refused", async () => {
    const at = String(Math.floor(h.clock.t / 1000));
    const forged = signInitData({ auth_date: at, user: telegramUser(1) }, "999:other-bot");
    const r = await h.call("POST", "/api/v1/auth/telegram", { body: { init_data: forged } });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("AUTH_INVALID_INIT_DATA");
    const tampered = signInitData({ auth_date: at, user: telegramUser(1) }).replace("%22id%22%3A1", "%22id%22%3A2");
    expect((await h.call("POST", "/api/v1/auth/telegram", { body: { init_data: tampered } })).status).toBe(401);
    const old = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000) - 86_401), user: telegramUser(1) });
    const r3 = await h.call("POST", "/api/v1/auth/telegram", { body: { init_data: old } });
    expect(r3.status).toBe(401);
    expect(r3.body.error.code).toBe("AUTH_INIT_DATA_EXPIRED");
  });

  test("a wallet user links Telegram; a Telegram user links an address by signing", async () => {
    const w = await walletLogin(A.p2wpkh, A.signLegacy);
    const at = String(Math.floor(h.clock.t / 1000));
    const link = await h.call("POST", "/api/v1/auth/telegram/link", { token: w.body.access_token, body: { init_data: signInitData({ auth_date: at, user: telegramUser(42) }) } });
    expect(link.status).toBe(200);
    expect(link.body.user.telegram_id).toBe(42);
    const tg = await h.call("POST", "/api/v1/auth/telegram", { body: { init_data: signInitData({ auth_date: at, user: telegramUser(43) }) } });
    const c = await challenge(B.p2wpkh);
    const r = await h.call("PATCH", "/api/v1/users/me/wallet", { token: tg.body.access_token, body: { btc_address: B.p2wpkh, nonce: c.nonce, signature: B.signBip322(c.challenge) } });
    expect(r.status).toBe(200);
    expect(r.body.user.btc_address).toBe(B.p2wpkh);
    // Taking an address another account owns is refused even with a valid signature.
    const c2 = await challenge(A.p2wpkh);
    const taken = await h.call("PATCH", "/api/v1/users/me/wallet", { token: tg.body.access_token, body: { btc_address: A.p2wpkh, nonce: c2.nonce, signature: A.signLegacy(c2.challenge) } });
    expect(taken.status).toBe(409);
  });
});
