// Airdrops on the engine the suite runs on: eligibility rules, EQUAL paying at the claim (50
// identical claims racing pay once, seats run out), PROPORTIONAL and LOTTERY paying at the
// distribution after the end, never more than the total, and a second distribution refused;
// each player a distribution pays is told in the game's notification centre.
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Storage } from "../db/storage.ts";
import { openTestStorage, testQuery } from "../../test/storage.ts";
import { silentLogger } from "../log.ts";
import { apply } from "./ledger.ts";
import { createTokens, type Tokens } from "./service.ts";
import { createGame } from "../game/service.ts";
import { followFeatures } from "../game/from-features.ts";
import { until } from "../../test/until.ts";
import { tokens } from "./units.ts";

const DAY = 86_400_000;
// PostgreSQL on a busy machine: racing claims take seconds, not milliseconds.
setDefaultTimeout(30_000);
let clock = Date.UTC(2026, 11, 1, 12);
let storage: Storage, svc: Tokens, n = 0;

beforeEach(async () => {
  clock = Date.UTC(2026, 11, 1, 12);
  storage = await openTestStorage("airdrops");
  svc = createTokens({ repos: storage.repos, log: silentLogger, now: () => clock, rollCrit: () => false });
});
afterEach(async () => {
  await svc.stop();
  await storage.close();
});

const player = async (earned = 0, createdAt = clock - 30 * DAY) => {
  const id = (await storage.repos.users.insertUser({ telegramId: 7000 + ++n, authMethod: "telegram", displayName: `P${n}`, displayNameKey: `p${n}` }, createdAt)).id;
  if (earned > 0) await apply(storage.repos, { userId: id, type: "DAILY_REWARD", amount: earned, idemKey: "seed", description: "earned", at: clock });
  return id;
};
const base = { description: "For the first players", startsAt: clock - 1_000, endsAt: clock + DAY };
const reasons = async <T>(ps: Promise<T>[]) => (await Promise.allSettled(ps)).map((r) => (r.status === "fulfilled" ? "ok" : (r.reason as { reason?: string }).reason));

test("EQUAL: 50 identical claims pay once; the fourth claimant of three seats is refused; a second distribution is refused", async () => {
  const admin = await player();
  const by = { id: admin, client: { ip: "192.0.2.7", userAgent: "admin-browser" } };
  const drop = await svc.airdrops.create(by, { ...base, name: "Genesis Drop", method: "EQUAL", totalAmount: tokens(3_000), maxParticipants: 3 });
  const a = await player();
  const r = await reasons(Array.from({ length: 50 }, () => svc.airdrops.claim(a, drop.id)));
  expect(r.filter((x) => x === "ok")).toHaveLength(1);
  expect(new Set(r.filter((x) => x !== "ok"))).toEqual(new Set(["ALREADY_CLAIMED"]));
  expect((await svc.wallet(a)).balance).toBe(tokens(1_000));
  await svc.airdrops.claim(await player(), drop.id);
  await svc.airdrops.claim(await player(), drop.id);
  await expect(svc.airdrops.claim(await player(), drop.id)).rejects.toMatchObject({ reason: "AIRDROP_FULL" });
  expect((await testQuery(storage, `SELECT COUNT(*) AS n, SUM(amount) AS s FROM transactions WHERE type = 'AIRDROP'`))[0]).toMatchObject({ n: 3 });
  expect((await svc.airdrops.get(a, drop.id)).mine).toMatchObject({ status: "PAID", amount: tokens(1_000) });
  await expect(svc.airdrops.distribute(drop.id, by)).rejects.toMatchObject({ reason: "AIRDROP_NOT_ENDED" });
  clock += DAY;
  await expect(svc.airdrops.claim(await player(), drop.id)).rejects.toMatchObject({ reason: "AIRDROP_ENDED" });
  expect(await svc.airdrops.distribute(drop.id, by)).toMatchObject({ paid: 0, undistributed: 0 });
  await expect(svc.airdrops.distribute(drop.id, by)).rejects.toMatchObject({ reason: "ALREADY_DISTRIBUTED" });
});

test("eligibility: account age, transactions, level and achievements are each checked", async () => {
  const admin = await player();
  const by = { id: admin, client: { ip: "192.0.2.7", userAgent: "admin-browser" } };
  const drop = await svc.airdrops.create(by, { ...base, name: "Veterans", method: "EQUAL", totalAmount: tokens(100), maxParticipants: 10, minAccountAgeDays: 7, minTransactions: 1, requiredAchievements: ["first_tap"] });
  const fresh = await player(0, clock - DAY);
  const el = (await svc.airdrops.get(fresh, drop.id)).eligibility!;
  expect(el).toMatchObject({ eligible: false, checks: { accountAge: false, transactions: false, level: true, achievements: false } });
  await expect(svc.airdrops.claim(fresh, drop.id)).rejects.toMatchObject({ code: "FORBIDDEN", reason: "NOT_ELIGIBLE" });
  const vet = await player();
  clock += 3_000;
  await svc.tap(vet, { count: 5, clientTime: clock });
  expect((await svc.airdrops.get(vet, drop.id)).eligibility).toMatchObject({ eligible: true });
  expect((await svc.airdrops.claim(vet, drop.id)).paid).toBe(tokens(10));
  await expect(svc.airdrops.create(by, { ...base, name: "Bad", method: "EQUAL", totalAmount: tokens(1), maxParticipants: 10, requiredAchievements: ["nope"] })).rejects.toMatchObject({ code: "VALIDATION" });
  await expect(svc.airdrops.create(by, { ...base, name: "Bad", method: "LOTTERY", totalAmount: tokens(1), maxParticipants: 10, winners: 0 })).rejects.toMatchObject({ code: "VALIDATION" });
  await expect(svc.airdrops.create(by, { ...base, name: "Bad", method: "EQUAL", totalAmount: 5, maxParticipants: 10 })).rejects.toMatchObject({ code: "VALIDATION" });
});

test("PROPORTIONAL pays by tokens earned, LOTTERY pays its winners equally; never more than the total", async () => {
  const admin = await player();
  const by = { id: admin, client: { ip: "192.0.2.7", userAgent: "admin-browser" } };
  const prop = await svc.airdrops.create(by, { ...base, name: "Miners' Share", method: "PROPORTIONAL", totalAmount: 1_000, maxParticipants: 10 });
  const lot = await svc.airdrops.create(by, { ...base, name: "Lucky Hash", method: "LOTTERY", totalAmount: 1_001, maxParticipants: 10, winners: 2 });
  const [a, b, c] = [await player(1), await player(2), await player(4)];
  for (const u of [a, b, c]) {
    expect((await svc.airdrops.claim(u, prop.id)).paid).toBe(0);
    await svc.airdrops.claim(u, lot.id);
  }
  const before = await Promise.all([a, b, c].map(async (u) => (await svc.wallet(u)).balance));
  clock += DAY;
  expect(await svc.airdrops.distribute(prop.id, by)).toEqual({ paid: 142 + 285 + 571, recipients: 3, undistributed: 2 });
  const after = await Promise.all([a, b, c].map(async (u) => (await svc.wallet(u)).balance));
  expect(after.map((x, i) => x - before[i]!)).toEqual([142, 285, 571]);
  const lr = await svc.airdrops.distribute(lot.id, by);
  expect(lr).toEqual({ paid: 1_000, recipients: 2, undistributed: 1 });
  const states = await Promise.all([a, b, c].map(async (u) => (await svc.airdrops.get(u, lot.id)).mine!.status));
  expect(states.filter((s) => s === "PAID")).toHaveLength(2);
  expect(states.filter((s) => s === "LOST")).toHaveLength(1);
  for (const u of [a, b, c]) expect((await svc.wallet(u)).balance).toBe(await storage.repos.tokens.transactionSum(u));
});

test("creating and distributing an airdrop each write an admin_action audit row with who, from where and what; a refused one writes none", async () => {
  const admin = await player();
  const by = { id: admin, client: { ip: "192.0.2.7", userAgent: "admin-browser" } };
  const drop = await svc.airdrops.create(by, { ...base, name: "Audited Drop", method: "PROPORTIONAL", totalAmount: 1_000, maxParticipants: 10 });
  await expect(svc.airdrops.create(by, { ...base, name: "Bad", method: "EQUAL", totalAmount: 5, maxParticipants: 10 })).rejects.toMatchObject({ code: "VALIDATION" });
  await expect(svc.airdrops.distribute(drop.id, by)).rejects.toMatchObject({ reason: "AIRDROP_NOT_ENDED" });
  const a = await player(3);
  await svc.airdrops.claim(a, drop.id);
  clock += DAY;
  await svc.airdrops.distribute(drop.id, by);
  await expect(svc.airdrops.distribute(drop.id, by)).rejects.toMatchObject({ reason: "ALREADY_DISTRIBUTED" });
  const rows = (await storage.repos.auth.listAudit({ limit: 10, userId: admin, action: "admin_action" })).reverse();
  expect(rows.map((r) => ({ ip: r.ipAddress, ua: r.userAgent, meta: JSON.parse(r.metadata!) }))).toEqual([
    { ip: "192.0.2.7", ua: "admin-browser", meta: { action: "airdrop_created", airdrop_id: drop.id, name: "Audited Drop", method: "PROPORTIONAL", total_amount: 1_000, max_participants: 10 } },
    { ip: "192.0.2.7", ua: "admin-browser", meta: { action: "airdrop_distributed", airdrop_id: drop.id, name: "Audited Drop", method: "PROPORTIONAL", paid: 1_000, recipients: 1, undistributed: 0 } },
  ]);
});

test("every player a distribution pays is told in their notification centre, with the amount; a player who lost the draw is not", async () => {
  const game = createGame({ repos: storage.repos, log: silentLogger, now: () => clock });
  const followed = followFeatures(game, { tokens: svc.events }, silentLogger);
  try {
    const admin = await player();
    const by = { id: admin, client: { ip: "192.0.2.7", userAgent: "admin-browser" } };
    const lot = await svc.airdrops.create(by, { ...base, name: "Lucky Hash", method: "LOTTERY", totalAmount: tokens(1_000), maxParticipants: 10, winners: 2 });
    const prop = await svc.airdrops.create(by, { ...base, name: "Miners' Share", method: "PROPORTIONAL", totalAmount: tokens(300), maxParticipants: 10 });
    const [a, b, c] = [await player(1), await player(1), await player(1)];
    for (const u of [a, b, c]) {
      await svc.airdrops.claim(u, lot.id);
      await svc.airdrops.claim(u, prop.id);
    }
    clock += DAY;
    await svc.airdrops.distribute(lot.id, by);
    await svc.airdrops.distribute(prop.id, by);
    await until("notifications written", 10_000, async () => ((await testQuery(storage, "SELECT id FROM notifications WHERE type = 'airdrop_received'")).length >= 5 ? true : null));
    await followed.idle();
    for (const u of [a, b, c]) {
      const won = (await svc.airdrops.get(u, lot.id)).mine!.status === "PAID";
      const notes = (await game.notifications(u, { limit: 10 })).filter((x) => x.type === "airdrop_received");
      const titles = notes.map((x) => x.title).sort();
      expect(titles).toEqual(won ? ["Airdrop: +100 tokens", "Airdrop: +500 tokens"] : ["Airdrop: +100 tokens"]);
      const share = `Your share of "Miners' Share", by the tokens you have earned, is in your wallet.`;
      expect(notes.map((x) => x.body).sort()).toEqual(won ? [share, `Your ticket in "Lucky Hash" was drawn: the tokens are in your wallet.`].sort() : [share]);
    }
    expect((await testQuery(storage, "SELECT id FROM notifications WHERE type = 'airdrop_received'")).length).toBe(5);
  } finally {
    followed.stop();
    await game.stop();
  }
});
