// Every repository behaves the same on both engines: each test runs on a real SQLite file and
// on a real PostgreSQL database.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ENGINES, type OpenedEngine } from "../../test/engines.ts";
import { isUniqueViolation, type Repos } from "./repos.ts";

const T0 = Date.parse("2026-11-21T12:00:00Z");
const ADDR = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";

for (const engine of ENGINES) {
  describe(engine.name, () => {
    let opened: OpenedEngine;
    let r: Repos;
    beforeAll(async () => {
      opened = await engine.open("repos");
      r = opened.repos;
    });
    afterAll(() => opened?.close());

    let n = 0;
    const newUser = (extra: Parameters<Repos["users"]["insertUser"]>[0] = {}) =>
      r.users.insertUser({ email: `u${++n}@example.org`, authMethod: "email", ...extra }, T0);

    test("users are found by every key, with real booleans and numbers", async () => {
      const telegramId = 7_123_456_789; // beyond 2^31, as real Telegram ids are
      const u = await r.users.insertUser({ btcAddress: ADDR, displayName: "Alice", displayNameKey: "alice", telegramId, authMethod: "wallet" }, T0);
      expect(u).toMatchObject({ btcAddress: ADDR, telegramId, emailVerified: false, isBanned: false, role: "user", createdAt: T0, updatedAt: T0, lastLoginAt: null });
      expect(typeof u.id).toBe("number");
      expect(await r.users.findUserById(u.id)).toEqual(u);
      expect(await r.users.findUserByAddress(ADDR)).toEqual(u);
      expect(await r.users.findUserByTelegramId(telegramId)).toEqual(u);
      expect(await r.users.findUserByDisplayNameKey("alice")).toEqual(u);
      expect(await r.users.findUserByEmail("nobody@example.org")).toBeUndefined();
      const changed = await r.users.updateUser(u.id, { emailVerified: true, lastLoginAt: T0 + 5 }, T0 + 10);
      expect(changed).toMatchObject({ emailVerified: true, lastLoginAt: T0 + 5, updatedAt: T0 + 10, createdAt: T0 });
      expect(await r.users.updateUser(999_999, { role: "admin" }, T0)).toBeUndefined();
    });

    test("a taken email or address is a unique violation, recognised by its code", async () => {
      const u = await newUser();
      const err = await r.users.insertUser({ email: u.email }, T0).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isUniqueViolation(err)).toBe(true);
      expect(isUniqueViolation(new Error("UNIQUE constraint failed: users.email"))).toBe(false);
      const other = await newUser();
      expect(isUniqueViolation(await r.users.updateUser(other.id, { email: u.email }, T0).catch((e: unknown) => e))).toBe(true);
    });

    test("admins are counted; users list by id pages and by search, ignoring case and taking wildcards literally", async () => {
      const before = await r.users.countAdmins();
      await newUser({ role: "admin" });
      expect(await r.users.countAdmins()).toBe(before + 1);
      const a = await newUser({ email: "Percent%Sign@Example.org", displayName: "Under_score" });
      const b = await newUser({ email: "plain@example.org", displayName: "UnderXscore" });
      expect((await r.users.listUsers({ limit: 10, query: "percent%sign" })).map((u) => u.id)).toEqual([a.id]);
      expect((await r.users.listUsers({ limit: 10, query: "under_" })).map((u) => u.id)).toEqual([a.id]);
      expect((await r.users.listUsers({ limit: 10, query: "UNDER" })).map((u) => u.id)).toEqual([a.id, b.id]);
      const page1 = await r.users.listUsers({ limit: 2 });
      const page2 = await r.users.listUsers({ limit: 2, afterId: page1[1]!.id });
      expect(page1.length).toBe(2);
      expect(page2[0]!.id).toBeGreaterThan(page1[1]!.id);
    });

    test("settings are created with the defaults on first read and patched later", async () => {
      const u = await newUser();
      expect(await r.users.findSettings(u.id)).toBeUndefined();
      const [s1, s2] = await Promise.all([r.users.getSettings(u.id), r.users.getSettings(u.id)]);
      expect(s1).toEqual(s2);
      expect(s1).toMatchObject({ userId: u.id, notificationBlocks: true, notificationShares: false, soundMode: "subtle", uiMode: "full", timezone: "UTC" });
      const s = await r.users.updateSettings(u.id, { notificationShares: true, timezone: "Europe/Berlin" }, T0 + 1);
      expect(s).toMatchObject({ notificationShares: true, timezone: "Europe/Berlin", updatedAt: T0 + 1 });
      expect(await r.users.findSettings(u.id)).toEqual(s);
    });

    test("a Telegram profile refreshes its fields but keeps the first start parameter", async () => {
      const u = await newUser();
      const base = { userId: u.id, firstName: "A", lastName: null, photoUrl: null, languageCode: "en", isPremium: false };
      await r.users.upsertTelegramProfile({ ...base, startParam: "ref_1" }, T0);
      await r.users.upsertTelegramProfile({ ...base, firstName: "B", isPremium: true, startParam: "ref_2" }, T0 + 1);
      expect(await r.users.getTelegramProfile(u.id)).toEqual({ ...base, firstName: "B", isPremium: true, startParam: "ref_1", updatedAt: T0 + 1 });
    });

    test("pending verifications list unverified emails, newest first, with the last mail's time", async () => {
      const old = await r.users.insertUser({ email: "pending-old@example.org" }, T0 + 100);
      const young = await r.users.insertUser({ email: "pending-new@example.org" }, T0 + 200);
      await r.auth.insertVerificationToken({ id: crypto.randomUUID(), userId: young.id, tokenHash: "h-pv-1", email: young.email!, expiresAt: T0 + 9e6, createdAt: T0 + 300 });
      await r.auth.insertVerificationToken({ id: crypto.randomUUID(), userId: young.id, tokenHash: "h-pv-2", email: young.email!, expiresAt: T0 + 9e6, createdAt: T0 + 400 });
      const list = (await r.users.listPendingVerifications(100)).filter((p) => p.email.startsWith("pending-"));
      expect(list).toEqual([
        { userId: young.id, email: "pending-new@example.org", displayName: null, createdAt: T0 + 200, lastSentAt: T0 + 400 },
        { userId: old.id, email: "pending-old@example.org", displayName: null, createdAt: T0 + 100, lastSentAt: null },
      ]);
    });

    test("refresh tokens rotate once, families revoke together and sessions list the active ones", async () => {
      const u = await newUser();
      const row = (id: string, family: string, createdAt: number, jti: string) => ({
        id, userId: u.id, familyId: family, tokenHash: `hash-${id}`, accessJti: jti, expiresAt: T0 + 86_400_000, createdAt, method: "email", ipAddress: "10.0.0.1", userAgent: "test",
      });
      await r.auth.insertRefresh(row(`${u.id}-a1`, `${u.id}-A`, T0, "jA1"));
      await r.auth.insertRefresh(row(`${u.id}-a2`, `${u.id}-A`, T0 + 10, "jA2"));
      await r.auth.insertRefresh(row(`${u.id}-b1`, `${u.id}-B`, T0 + 20, "jB1"));
      expect((await r.auth.findRefreshByHash(`hash-${u.id}-a1`))?.familyId).toBe(`${u.id}-A`);
      // Two refreshes racing with one token: exactly one wins the rotation.
      const wins = await Promise.all([r.auth.revokeRefresh(`${u.id}-a1`, T0 + 5, "rotated"), r.auth.revokeRefresh(`${u.id}-a1`, T0 + 5, "rotated")]);
      expect(wins.filter(Boolean).length).toBe(1);
      const sessions = await r.auth.listSessions(u.id, T0 + 30);
      expect(sessions.map((s) => [s.familyId, s.startedAt, s.lastUsedAt])).toEqual([
        [`${u.id}-B`, T0 + 20, T0 + 20],
        [`${u.id}-A`, T0, T0 + 10],
      ]);
      expect(await r.auth.familyOfAccessJti("jA2")).toBe(`${u.id}-A`);
      expect((await r.auth.revokeFamily(`${u.id}-A`, T0 + 40, "logout")).sort()).toEqual(["jA1", "jA2"]);
      // An ended family denies all its tokens issued since, its rotated rows' too; B only rotated nothing.
      expect((await r.auth.revokedJtisSince(T0 - 1)).filter((j) => j.startsWith("jA") || j.startsWith("jB")).sort()).toEqual(["jA1", "jA2"]);
      expect((await r.auth.revokedJtisSince(T0 + 5)).filter((j) => j.startsWith("jA") || j.startsWith("jB"))).toEqual(["jA2"]);
      expect(await r.auth.familyStartedAt(`${u.id}-A`)).toBe(T0);
      expect(await r.auth.familyStartedAt("no-such-family")).toBeUndefined();
      expect(await r.auth.revokeAllForUser(u.id, T0 + 50, "password_change", `${u.id}-B`)).toEqual(["jA1", "jA2"]);
      expect((await r.auth.listSessions(u.id, T0 + 60)).map((s) => s.familyId)).toEqual([`${u.id}-B`]);
      expect(await r.auth.revokeAllForUser(u.id, T0 + 60, "admin")).toEqual(["jA1", "jA2", "jB1"]);
      expect(await r.auth.listSessions(u.id, T0 + 70)).toEqual([]);
      expect(await r.auth.deleteExpiredRefresh(T0 + 86_400_001)).toBeGreaterThanOrEqual(3);
      expect(await r.auth.findRefreshByHash(`hash-${u.id}-b1`)).toBeUndefined();
    });

    test("expired refresh rows go, except the first row of a family that still lives", async () => {
      const u = await newUser();
      const row = (id: string, family: string, createdAt: number, expiresAt: number) => ({
        id: `${u.id}-${id}`, userId: u.id, familyId: `${u.id}-${family}`, tokenHash: `hash-${u.id}-${id}`, expiresAt, createdAt, method: "wallet",
      });
      await r.auth.insertRefresh(row("c1", "C", T0 + 100, T0 + 1000)); // expired, first of live C
      await r.auth.insertRefresh(row("c2", "C", T0 + 200, T0 + 900)); // expired, not first
      await r.auth.insertRefresh(row("c3", "C", T0 + 300, T0 + 9_000_000)); // live
      await r.auth.insertRefresh(row("d1", "D", T0 + 100, T0 + 1000)); // dead family: goes whole
      await r.auth.insertRefresh(row("d2", "D", T0 + 200, T0 + 1500));
      const left = async () =>
        (await Promise.all(["c1", "c2", "c3", "d1", "d2"].map((id) => r.auth.findRefreshByHash(`hash-${u.id}-${id}`)))).flatMap((x) => (x ? [x.id.split("-")[1]] : []));
      expect(await r.auth.deleteExpiredRefresh(T0 + 2000)).toBeGreaterThanOrEqual(3);
      expect(await left()).toEqual(["c1", "c3"]);
      expect(await r.auth.familyStartedAt(`${u.id}-C`)).toBe(T0 + 100);
    });

    test("API keys are listed, used and revoked only by their owner", async () => {
      const owner = await newUser();
      const other = await newUser();
      const key = await r.auth.insertApiKey({ id: `k-${owner.id}`, userId: owner.id, name: "rig", keyHash: `kh-${owner.id}`, prefix: "tbg_abcd1234", createdAt: T0 });
      expect(key).toMatchObject({ permissions: '["read"]', lastUsedAt: null, revokedAt: null });
      await r.auth.touchApiKey(key.id, T0 + 1);
      expect((await r.auth.findApiKeyByHash(`kh-${owner.id}`))?.lastUsedAt).toBe(T0 + 1);
      expect(await r.auth.revokeApiKey(other.id, key.id, T0 + 2)).toBe(false);
      expect((await r.auth.listApiKeys(owner.id)).map((k) => k.id)).toEqual([key.id]);
      expect(await r.auth.revokeApiKey(owner.id, key.id, T0 + 2)).toBe(true);
      expect(await r.auth.listApiKeys(owner.id)).toEqual([]);
    });

    test("a mail link works exactly once and a newer reset link retires the older", async () => {
      const u = await newUser();
      await r.auth.insertVerificationToken({ id: crypto.randomUUID(), userId: u.id, tokenHash: `v-${u.id}`, email: u.email!, expiresAt: T0 + 1000, createdAt: T0 });
      const tries = await Promise.all([r.auth.consumeVerificationToken(`v-${u.id}`, T0 + 1), r.auth.consumeVerificationToken(`v-${u.id}`, T0 + 1)]);
      expect(tries.filter(Boolean).map((t) => t!.email)).toEqual([u.email!]);
      await r.auth.insertResetToken({ id: crypto.randomUUID(), userId: u.id, tokenHash: `r1-${u.id}`, expiresAt: T0 + 1000, createdAt: T0 });
      await r.auth.expireResetTokens(u.id, T0 + 1);
      await r.auth.insertResetToken({ id: crypto.randomUUID(), userId: u.id, tokenHash: `r2-${u.id}`, expiresAt: T0 + 1000, createdAt: T0 });
      expect(await r.auth.consumeResetToken(`r1-${u.id}`, T0 + 2)).toBeUndefined();
      expect(await r.auth.consumeResetToken(`r2-${u.id}`, T0 + 2000)).toBeUndefined(); // expired
      expect((await r.auth.consumeResetToken(`r2-${u.id}`, T0 + 2))?.usedAt).toBe(T0 + 2);
    });

    test("login failures count atomically, lock out, and start again after the window", async () => {
      const u = await newUser();
      const fail = (at: number) => r.auth.recordLoginFailure(u.id, at, 5, 60_000, 900_000);
      const burst = await Promise.all([1, 2, 3, 4].map(() => fail(T0)));
      expect(burst.map((b) => b.failures).sort()).toEqual([1, 2, 3, 4]);
      expect(await fail(T0 + 1)).toEqual({ failures: 5, lockedUntil: T0 + 1 + 60_000 });
      // The lockout ended: the next failure counts from one again.
      expect(await fail(T0 + 70_000)).toEqual({ failures: 1, lockedUntil: null });
      expect(await fail(T0 + 80_000)).toEqual({ failures: 2, lockedUntil: null });
      // Quiet longer than the window: from one again.
      expect(await fail(T0 + 80_000 + 900_001)).toEqual({ failures: 1, lockedUntil: null });
      expect((await r.auth.getLoginFailures(u.id))?.lastFailedAt).toBe(T0 + 980_001);
      await r.auth.clearLoginFailures(u.id);
      expect(await r.auth.getLoginFailures(u.id)).toBeUndefined();
      const strict = await newUser();
      expect(await r.auth.recordLoginFailure(strict.id, T0, 1, 1000, 900_000)).toEqual({ failures: 1, lockedUntil: T0 + 1000 });
    });

    test("the audit log pages newest first and filters by user and action", async () => {
      const u = await newUser();
      for (let i = 0; i < 5; i++) await r.auth.insertAudit({ userId: u.id, action: i % 2 ? "login" : "login_failed", createdAt: T0 + i, metadata: JSON.stringify({ i }) });
      const all = await r.auth.listAudit({ limit: 10, userId: u.id });
      expect(all.map((a) => a.createdAt)).toEqual([T0 + 4, T0 + 3, T0 + 2, T0 + 1, T0]);
      expect((await r.auth.listAudit({ limit: 10, userId: u.id, action: "login" })).map((a) => a.createdAt)).toEqual([T0 + 3, T0 + 1]);
      expect((await r.auth.listAudit({ limit: 2, userId: u.id, beforeId: all[1]!.id })).map((a) => a.createdAt)).toEqual([T0 + 2, T0 + 1]);
    });

    test("a user's trail: what they did and what admins did to them, not actions about other users", async () => {
      const [u, admin, other] = [await newUser(), await newUser(), await newUser()];
      // An id that is a prefix of another's (12 vs 123) must not match it.
      const meta = (m: Record<string, unknown>) => JSON.stringify(m);
      await r.auth.insertAudit({ userId: u.id, action: "login", createdAt: T0 + 1 });
      await r.auth.insertAudit({ userId: admin.id, action: "admin_action", metadata: meta({ action: "ban", target: u.id }), createdAt: T0 + 2 });
      await r.auth.insertAudit({ userId: admin.id, action: "admin_action", metadata: meta({ action: "set_role", target: u.id, role: "admin" }), createdAt: T0 + 3 });
      await r.auth.insertAudit({ userId: admin.id, action: "admin_action", metadata: meta({ op: "badge_granted", target_user_id: u.id, slug: "first_share" }), createdAt: T0 + 4 });
      await r.auth.insertAudit({ userId: admin.id, action: "admin_action", metadata: meta({ action: "ban", target: other.id }), createdAt: T0 + 5 });
      await r.auth.insertAudit({ userId: admin.id, action: "admin_action", metadata: meta({ action: "ban", target: Number(`${u.id}0`) }), createdAt: T0 + 6 });
      await r.auth.insertAudit({ userId: admin.id, action: "admin_action", metadata: meta({ action: "ban", target: Number(`1${u.id}`) }), createdAt: T0 + 7 });
      await r.auth.insertAudit({ userId: admin.id, action: "admin_action", metadata: meta({ action: "revoke_sessions", target: u.id, sessions: 2 }), createdAt: T0 + 8 });
      // Not an admin action: a number that happens to equal the id in other metadata is not "about" the user.
      await r.auth.insertAudit({ userId: other.id, action: "api_key_created", metadata: meta({ target: u.id }), createdAt: T0 + 9 });
      const trail = await r.auth.listAudit({ limit: 20, involving: u.id });
      expect(trail.map((a) => a.createdAt)).toEqual([T0 + 8, T0 + 4, T0 + 3, T0 + 2, T0 + 1]);
      expect((await r.auth.listAudit({ limit: 20, involving: u.id, action: "admin_action" })).length).toBe(4);
      expect((await r.auth.listAudit({ limit: 2, involving: u.id, beforeId: trail[1]!.id })).map((a) => a.createdAt)).toEqual([T0 + 3, T0 + 2]);
      // The admin's own trail holds what they did.
      expect((await r.auth.listAudit({ limit: 20, involving: admin.id })).length).toBe(7);
    });

    test("a transaction commits all or nothing, and work outside it is never caught in its rollback", async () => {
      const kept = await r.transaction(async (tx) => {
        const u = await tx.users.insertUser({ email: "tx-kept@example.org" }, T0);
        await tx.users.getSettings(u.id);
        return u;
      });
      expect(await r.users.findSettings(kept.id)).toBeDefined();

      // Someone else (another request: started outside the transaction) writes while the
      // transaction is open and waiting on something.
      const outside = Bun.sleep(10).then(() => r.users.insertUser({ email: "tx-outside@example.org" }, T0));
      const outsideToo = Bun.sleep(10).then(() => opened.another().users.insertUser({ email: "tx-outside-2@example.org" }, T0));
      const failed = r.transaction(async (tx) => {
        await tx.users.insertUser({ email: "tx-lost@example.org" }, T0);
        await Bun.sleep(40);
        throw new Error("changed my mind");
      });
      await expect(failed).rejects.toThrow("changed my mind");
      await Promise.all([outside, outsideToo]);
      expect(await r.users.findUserByEmail("tx-lost@example.org")).toBeUndefined();
      expect(await r.users.findUserByEmail("tx-outside@example.org")).toBeDefined();
      expect(await r.users.findUserByEmail("tx-outside-2@example.org")).toBeDefined();
    });

    test("a failed nested transaction rolls back only its own part", async () => {
      await r.transaction(async (tx) => {
        await tx.users.insertUser({ email: "outer@example.org" }, T0);
        const err = await tx
          .transaction(async (inner) => {
            await inner.users.insertUser({ email: "inner@example.org" }, T0);
            await inner.users.insertUser({ email: "outer@example.org" }, T0); // taken: fails
          })
          .catch((e: unknown) => e);
        expect(isUniqueViolation(err)).toBe(true);
      });
      expect(await r.users.findUserByEmail("outer@example.org")).toBeDefined();
      expect(await r.users.findUserByEmail("inner@example.org")).toBeUndefined();
    });
  });
}
