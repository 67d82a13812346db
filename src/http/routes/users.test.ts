import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { SECRET_A, SECRET_B } from "../../auth/crypto/testkit.ts";
import { createHarness, wallet, type Harness } from "../../auth/test-harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ TBG_ADMIN_EMAIL: "root@example.com", TBG_ADMIN_PASSWORD: "Adm!nPass1", TBG_CORS_ORIGINS: "https://app.example.com" });
});
afterEach(() => h.close());

async function signIn(w: ReturnType<typeof wallet>) {
  const c = (await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: w.p2wpkh } })).body;
  return (await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: w.p2wpkh, nonce: c.nonce, signature: w.signLegacy(c.challenge) } })).body;
}

describe("profile and settings", () => {
  test("display names are unique case-insensitively; country codes are checked; changes are audited", async () => {
    const a = await signIn(wallet(SECRET_A));
    const b = await signIn(wallet(SECRET_B));
    expect((await h.call("PATCH", "/api/v1/users/me", { token: a.access_token, body: { display_name: "Satoshi", country_code: "pt" } })).body.user).toMatchObject({ display_name: "Satoshi", country_code: "PT" });
    const dup = await h.call("PATCH", "/api/v1/users/me", { token: b.access_token, body: { display_name: "SATOSHI" } });
    expect(dup.status).toBe(409);
    expect((await h.call("PATCH", "/api/v1/users/me", { token: b.access_token, body: { country_code: "XX" } })).status).toBe(422);
    expect((await h.call("PATCH", "/api/v1/users/me", { token: b.access_token, body: { display_name: "0perat0r" } })).status).toBe(422);
    expect((await h.repos.auth.listAudit({ limit: 10, action: "profile_changed" })).length).toBe(1);
  });

  test("settings start at the seed defaults and change field by field", async () => {
    const a = await signIn(wallet(SECRET_A));
    const s = await h.call("GET", "/api/v1/users/me/settings", { token: a.access_token });
    expect(s.body.settings).toMatchObject({ notification_blocks: true, notification_shares: false, sound_mode: "subtle", privacy_show_hashrate: false, ui_mode: "full", timezone: "UTC" });
    const p = await h.call("PATCH", "/api/v1/users/me/settings", { token: a.access_token, body: { sound_mode: "off", privacy_show_profile: false, timezone: "Europe/Lisbon" } });
    expect(p.body.settings).toMatchObject({ sound_mode: "off", privacy_show_profile: false, timezone: "Europe/Lisbon", notification_blocks: true });
    expect((await h.call("PATCH", "/api/v1/users/me/settings", { token: a.access_token, body: { sound_mode: "loud" } })).status).toBe(422);
    expect((await h.call("PATCH", "/api/v1/users/me/settings", { token: a.access_token, body: { timezone: "Mars/Olympus" } })).status).toBe(422);
  });
});

describe("API keys", () => {
  test("created once with tbg_ prefix, stored hashed, work as X-API-Key with their permissions, revocable", async () => {
    const a = await signIn(wallet(SECRET_A));
    const c = await h.call("POST", "/api/v1/users/me/api-keys", { token: a.access_token, body: { name: "grafana", permissions: ["read"] } });
    expect(c.status).toBe(201);
    expect(c.body.key).toMatch(/^tbg_[A-Za-z0-9_-]{43}$/);
    expect(c.body.api_key.prefix).toBe(c.body.key.slice(0, 12));
    const stored = (await h.query<{ key_hash: string }>("SELECT key_hash FROM api_keys"))[0]!;
    expect(stored.key_hash).not.toContain(c.body.key.slice(4, 20));
    expect((await h.call("GET", "/api/v1/users/me", { apiKey: c.body.key })).body.user.id).toBe(a.user.id);
    // read-only: writes are refused, and a key cannot mint keys.
    expect((await h.call("PATCH", "/api/v1/users/me", { apiKey: c.body.key, body: { country_code: "PT" } })).status).toBe(403);
    expect((await h.call("GET", "/api/v1/users/me/api-keys", { apiKey: c.body.key })).status).toBe(403);
    expect((await h.call("POST", "/api/v1/users/me/api-keys", { token: a.access_token, body: { name: "x", permissions: ["admin"] } })).status).toBe(403);
    const list = await h.call("GET", "/api/v1/users/me/api-keys", { token: a.access_token });
    expect(list.body.data[0].last_used_at).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(c.body.key);
    expect((await h.call("DELETE", `/api/v1/users/me/api-keys/${c.body.api_key.id}`, { token: a.access_token })).status).toBe(200);
    expect((await h.call("GET", "/api/v1/users/me", { apiKey: c.body.key })).status).toBe(401);
    expect((await h.repos.auth.listAudit({ limit: 5, action: "api_key_created" })).length).toBe(1);
  });

  test("expired keys stop working", async () => {
    const a = await signIn(wallet(SECRET_A));
    const c = await h.call("POST", "/api/v1/users/me/api-keys", { token: a.access_token, body: { name: "short", expires_in_days: 1 } });
    expect((await h.call("GET", "/api/v1/users/me", { apiKey: c.body.key })).status).toBe(200);
    h.clock.t += 86_400_000;
    expect((await h.call("GET", "/api/v1/users/me", { apiKey: c.body.key })).status).toBe(401);
  });
});

describe("other users' resources (IDOR)", () => {
  test("another user's API key and session answer 404 and stay alive", async () => {
    const a = await signIn(wallet(SECRET_A));
    const b = await signIn(wallet(SECRET_B));
    const key = (await h.call("POST", "/api/v1/users/me/api-keys", { token: a.access_token, body: { name: "mine" } })).body;
    expect((await h.call("DELETE", `/api/v1/users/me/api-keys/${key.api_key.id}`, { token: b.access_token })).status).toBe(404);
    expect((await h.call("GET", "/api/v1/users/me", { apiKey: key.key })).status).toBe(200);
    const sessions = (await h.call("GET", "/api/v1/users/me/sessions", { token: a.access_token })).body.data;
    expect(sessions.length).toBe(1);
    expect(sessions[0].current).toBe(true);
    expect((await h.call("DELETE", `/api/v1/users/me/sessions/${sessions[0].id}`, { token: b.access_token })).status).toBe(404);
    expect((await h.call("GET", "/api/v1/auth/me", { token: a.access_token })).status).toBe(200);
    expect((await h.call("DELETE", `/api/v1/users/me/sessions/${sessions[0].id}`, { token: a.access_token })).status).toBe(200);
    expect((await h.call("GET", "/api/v1/auth/me", { token: a.access_token })).status).toBe(401);
  });
});

describe("admin", () => {
  test("the first admin comes from TBG_ADMIN_*; non-admins get 403 on every admin route", async () => {
    const user = await signIn(wallet(SECRET_A));
    for (const [m, p] of [["GET", "/api/v1/admin/users"], ["GET", "/api/v1/admin/verifications/pending"], ["GET", "/api/v1/admin/audit"], ["PATCH", "/api/v1/admin/users/1"]] as const) {
      const r = await h.call(m, p, { token: user.access_token, body: m === "PATCH" ? { role: "admin" } : undefined });
      expect(r.status).toBe(403);
      expect((await h.call(m, p, { body: m === "PATCH" ? { role: "admin" } : undefined })).status).toBe(401);
    }
    // A forged role claim does not help: the role comes from the database.
    expect((await h.call("GET", "/api/v1/auth/me", { token: user.access_token })).body.user.role).toBe("user");
    const admin = (await h.call("POST", "/api/v1/auth/login", { body: { email: "root@example.com", password: "Adm!nPass1" } })).body;
    const list = await h.call("GET", "/api/v1/admin/users?q=root", { token: admin.access_token });
    expect(list.body.data.map((u: { email: string }) => u.email)).toEqual(["root@example.com"]);
    const ban = await h.call("PATCH", `/api/v1/admin/users/${user.user.id}`, { token: admin.access_token, body: { is_banned: true } });
    expect(ban.status).toBe(200);
    expect((await h.call("GET", "/api/v1/auth/me", { token: user.access_token })).status).toBe(401);
    expect((await h.repos.auth.listAudit({ limit: 5, action: "admin_action" }))[0]!.metadata).toContain('"ban"');
  });
});

describe("CORS", () => {
  test("only configured origins get CORS headers", async () => {
    const ok = await h.call("OPTIONS", "/api/v1/auth/login", { headers: { origin: "https://app.example.com", "access-control-request-method": "POST" } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const evil = await h.call("GET", "/api/v1/auth/jwks", { headers: { origin: "https://evil.example" } });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
  });
});
