// Requests that race for the same row, sent at once over the real app: the storage decides one
// winner (a conditional UPDATE, a unique index, a transaction) and the loser gets a clear answer,
// never a 500 and never a second winner. And writes that belong together commit together: when
// the database refuses one of them, none is kept. Runs on the engine of this test run
// (test/storage.ts).
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { SECRET_A, SECRET_B } from "./crypto/testkit.ts";
import { refuse } from "../../test/storage.ts";
import { createHarness, signInitData, telegramUser, wallet, type Harness } from "./test-harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const A = wallet(SECRET_A);
const B = wallet(SECRET_B);
const PASSWORD = "S3cure!Pass123";

async function walletSignIn(w = A) {
  const c = (await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: w.p2wpkh } })).body;
  const r = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: w.p2wpkh, nonce: c.nonce, signature: w.signLegacy(c.challenge) } });
  expect(r.status).toBe(200);
  return r.body;
}

describe("races", () => {
  test("one refresh token presented twice at once: exactly one new pair, the other is reuse", async () => {
    const a = await walletSignIn();
    const both = await Promise.all([0, 1].map(() => h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: a.refresh_token } })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(both.find((r) => r.status === 401)!.body.error.code).toBe("AUTH_REFRESH_REUSED");
    // Reuse ends the family, including the pair the winner just got.
    const winner = both.find((r) => r.status === 200)!.body;
    expect((await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: winner.refresh_token } })).status).toBe(401);
  });

  test("two users claiming one display name at once: one gets it, the other a 409", async () => {
    const a = await walletSignIn(A);
    const b = await walletSignIn(B);
    const both = await Promise.all([a, b].map((s) => h.call("PATCH", "/api/v1/users/me", { token: s.access_token, body: { display_name: "SameName" } })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)!.body.error.code).toBe("DISPLAY_NAME_TAKEN");
    expect((await h.repos.users.findUserByDisplayNameKey("samename"))!.id).toBe(both.find((r) => r.status === 200)!.body.user.id);
  });

  test("the first Telegram sign-in twice at once makes one account, and both get into it", async () => {
    const init = signInitData({ auth_date: String(Math.floor(h.clock.t / 1000)), user: telegramUser(4242) });
    const both = await Promise.all([0, 1].map(() => h.call("POST", "/api/v1/auth/telegram", { body: { init_data: init } })));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both[0]!.body.user.id).toBe(both[1]!.body.user.id);
    expect((await h.repos.users.listUsers({ limit: 10 })).length).toBe(1);
  });

  test("the first wallet sign-in twice at once makes one account, and both get into it", async () => {
    const challenges = await Promise.all([0, 1].map(async () => (await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: A.p2wpkh } })).body));
    const both = await Promise.all(
      challenges.map((c) => h.call("POST", "/api/v1/auth/verify", { body: { btc_address: A.p2wpkh, nonce: c.nonce, signature: A.signLegacy(c.challenge) } })),
    );
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both[0]!.body.user.id).toBe(both[1]!.body.user.id);
    expect((await h.repos.users.listUsers({ limit: 10 })).length).toBe(1);
  });

  test("one verification link used twice at once verifies once", async () => {
    const lines: string[] = [];
    await h.close();
    const { createLogger } = await import("../log.ts");
    h = await createHarness({}, { log: createLogger({ level: "info", write: (l) => lines.push(l) }) });
    expect((await h.call("POST", "/api/v1/auth/register", { body: { email: "v@example.com", password: PASSWORD, btc_address: A.p2wpkh } })).status).toBe(201);
    const token = /verify-email\?token=([A-Za-z0-9_-]+)/.exec(lines.find((l) => l.includes("verify-email?token="))!)![1]!;
    const both = await Promise.all([0, 1].map(() => h.call("POST", "/api/v1/auth/verify-email", { body: { token } })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    expect((await h.repos.auth.listAudit({ limit: 10, action: "email_verified" })).length).toBe(1);
  });

  test("two instances starting at once with TBG_ADMIN_* on one database make one admin, and both start", async () => {
    const env = { TBG_ADMIN_EMAIL: "root@example.com", TBG_ADMIN_PASSWORD: "Adm!nPass1" };
    const both = await Promise.all([0, 1].map(() => createHarness(env, { reopen: h.target })));
    try {
      expect(await h.repos.users.countAdmins()).toBe(1);
      expect((await h.repos.users.listUsers({ limit: 10 })).map((u) => u.email)).toEqual(["root@example.com"]);
    } finally {
      for (const x of both) await x.close();
    }
  });

  test("a registration commits whole: account, settings, audit row and verification link together", async () => {
    const r = await h.call("POST", "/api/v1/auth/register", { body: { email: "w@example.com", password: PASSWORD, btc_address: B.p2wpkh } });
    expect(r.status).toBe(201);
    const id = r.body.user.id as number;
    expect(await h.repos.users.findSettings(id)).toBeDefined();
    expect((await h.repos.auth.listAudit({ limit: 10, userId: id })).map((e) => e.action).sort()).toEqual(["login", "register"]);
    expect(await h.repos.users.listPendingVerifications(10)).toMatchObject([{ userId: id, email: "w@example.com", lastSentAt: h.clock.t }]);
    // The same address again loses on the check (or, at once, on the unique index): nothing half-made.
    const again = await Promise.all([0, 1].map((i) => h.call("POST", "/api/v1/auth/register", { body: { email: `x${i}@example.com`, password: PASSWORD, btc_address: A.p2wpkh } })));
    expect(again.map((x) => x.status).sort()).toEqual([201, 409]);
    expect((await h.repos.users.listUsers({ limit: 10 })).length).toBe(2);
    expect((await h.repos.users.listPendingVerifications(10)).length).toBe(2);
  });
});

describe("all or nothing", () => {
  test("a rotation whose new row is refused keeps the old refresh token working", async () => {
    const a = await walletSignIn();
    const undo = await refuse(h.storage, "refresh_tokens", "INSERT", "disk full");
    const failed = await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: a.refresh_token } });
    expect(failed.status).toBe(500);
    await undo();
    // The old row's revocation rolled back with the refused insert: no reuse, no lost session.
    const again = await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: a.refresh_token } });
    expect(again.status).toBe(200);
    expect((await h.call("GET", "/api/v1/auth/me", { token: again.body.access_token })).status).toBe(200);
  });

  test("a registration whose verification link is refused leaves no account behind", async () => {
    const undo = await refuse(h.storage, "email_verification_tokens", "INSERT", "disk full");
    const failed = await h.call("POST", "/api/v1/auth/register", { body: { email: "z@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
    expect(failed.status).toBe(500);
    expect(await h.repos.users.listUsers({ limit: 10 })).toEqual([]);
    expect(await h.repos.auth.listAudit({ limit: 10 })).toEqual([]);
    await undo();
    expect((await h.call("POST", "/api/v1/auth/register", { body: { email: "z@example.com", password: PASSWORD, btc_address: A.p2wpkh } })).status).toBe(201);
  });

  test("a refused audit row is only logged: the change it describes still commits, inside its transaction too", async () => {
    const a = await walletSignIn();
    const undo = await refuse(h.storage, "audit_log", "INSERT", "disk full");
    try {
      // Inside a transaction (profile change + audit row) and outside one (logout).
      const p = await h.call("PATCH", "/api/v1/users/me", { token: a.access_token, body: { display_name: "Audited" } });
      expect(p.status).toBe(200);
      expect((await h.repos.users.findUserById(p.body.user.id))!.displayName).toBe("Audited");
      const b = await walletSignIn(B);
      expect(b.user.id).not.toBe(p.body.user.id);
      expect((await h.call("POST", "/api/v1/auth/revoke", { body: { refresh_token: b.refresh_token } })).status).toBe(200);
    } finally {
      await undo();
    }
    expect(await h.repos.auth.listAudit({ limit: 10, action: "profile_changed" })).toEqual([]);
  });
});
