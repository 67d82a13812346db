// Referrals on the engine the suite runs on: a player who arrived with a friend's start parameter
// credits both sides once (50 parallel settles pay once), a code of one's own or an unknown one
// pays nothing, and the referrer's fifth friend pays the first milestone.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { Storage } from "../db/storage.ts";
import { openTestStorage, testQuery } from "../../test/storage.ts";
import { silentLogger } from "../log.ts";
import { REFEREE_BONUS, REFERRAL_MILESTONES, REFERRER_BONUS } from "./referrals.ts";
import { createTokens, type Tokens } from "./service.ts";

const T0 = Date.UTC(2026, 11, 1, 12);
let storage: Storage, svc: Tokens, n = 0;

beforeEach(async () => {
  storage = await openTestStorage("referrals");
  svc = createTokens({ repos: storage.repos, log: silentLogger, now: () => T0 });
});
afterEach(async () => {
  await svc.stop();
  await storage.close();
});

async function player(startParam: string | null, name?: string) {
  const u = await storage.repos.users.insertUser({ telegramId: 1000 + ++n, authMethod: "telegram", displayName: name ?? null, displayNameKey: name?.toLowerCase() ?? null }, T0);
  await storage.repos.users.upsertTelegramProfile({ userId: u.id, firstName: "P", lastName: null, photoUrl: null, languageCode: "en", isPremium: false, startParam }, T0);
  return u.id;
}

test("a friend who arrived with ref_<code> credits both sides exactly once, even opened 50 times at once", async () => {
  const alice = await player(null, "Alice");
  const code = await svc.referrals.code(alice);
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  expect(await svc.referrals.code(alice)).toBe(code);
  const bob = await player(`ref_${code}`, "Bob");
  const settled = await Promise.all(Array.from({ length: 50 }, () => svc.referrals.settle(bob)));
  expect(settled.filter(Boolean)).toHaveLength(1);
  expect((await svc.wallet(alice)).balance).toBe(REFERRER_BONUS);
  expect((await svc.wallet(bob)).balance).toBe(REFEREE_BONUS);
  await svc.status(bob); // opening the game again pays nothing more
  expect((await testQuery(storage, "SELECT COUNT(*) AS n FROM transactions WHERE type = 'REFERRAL_BONUS'"))[0]!.n).toBe(2);
  const list = await svc.referrals.list(alice);
  expect(list).toMatchObject({ count: 1, earned: REFERRER_BONUS, next: { friends: 5 } });
  expect(list.rows.map((r) => r.name)).toEqual(["Bob"]);
});

test("one's own code, an unknown code or no code pays nothing; the fifth friend pays the first milestone", async () => {
  const alice = await player(null);
  const code = await svc.referrals.code(alice);
  await storage.repos.users.upsertTelegramProfile({ userId: alice, firstName: "A", lastName: null, photoUrl: null, languageCode: "en", isPremium: false, startParam: `ref_${code}` }, T0);
  expect(await svc.referrals.settle(alice)).toBe(false);
  expect(await svc.referrals.settle(await player("ref_ZZZZZZZZ"))).toBe(false);
  expect(await svc.referrals.settle(await player(null))).toBe(false);
  expect(await svc.referrals.settle(await player("promo"))).toBe(false);
  for (let i = 0; i < 5; i++) await svc.status(await player(`ref_${code}`));
  expect((await svc.wallet(alice)).balance).toBe(5 * REFERRER_BONUS + REFERRAL_MILESTONES[0].bonus);
  expect((await svc.referrals.list(alice)).next?.friends).toBe(10);
  expect((await svc.wallet(alice)).balance).toBe(await storage.repos.tokens.transactionSum(alice));
});

test("a referral ring: from the third friend signing in from one network and device, the referrer's and the friend's risk scores rise", async () => {
  const boss = await player(null, "Boss");
  const code = await svc.referrals.code(boss);
  const join = async (ip: string, ua: string) => {
    const id = await player(`ref_${code}`);
    await storage.repos.auth.insertRefresh({ id: `r${id}`, userId: id, familyId: `f${id}`, tokenHash: `h${id}`, expiresAt: T0 + 86_400_000, createdAt: T0, method: "telegram", ipAddress: ip, userAgent: ua });
    await svc.status(id);
    return id;
  };
  await join("198.51.100.7", "Phone A");
  await join("203.0.113.9", "Phone B");
  await join("198.51.100.7", "Phone A");
  expect((await storage.repos.tokens.getTapState(boss))?.risk ?? 0).toBe(0);
  const third = await join("198.51.100.7", "Phone A");
  expect((await storage.repos.tokens.getTapState(boss))!).toMatchObject({ risk: 20, riskSignal: "referral_ring" });
  expect((await storage.repos.tokens.getTapState(third))!.risk).toBe(20);
  await join("198.51.100.7", "Phone A");
  expect((await storage.repos.tokens.getTapState(boss))!.risk).toBe(40);
  expect((await svc.risky(10)).map((r) => [r.userId, r.signal])).toEqual([[boss, "referral_ring"]]);
  // Every friend was still credited once; only the score moved.
  expect((await svc.referrals.list(boss)).count).toBe(5);
});
