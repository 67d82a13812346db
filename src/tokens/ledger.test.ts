// The ledger on the engine the suite runs on (test/storage.ts): the sum of a wallet's transactions
// is its balance after any sequence of operations, a balance never goes negative (the SQL CHECK
// refuses it even when code is bypassed), and 50 parallel identical claims pay exactly once.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { Storage } from "../db/storage.ts";
import { openTestStorage, testQuery } from "../../test/storage.ts";
import { silentLogger } from "../log.ts";
import { CHARACTERS } from "./characters.ts";
import { apply, type TxType } from "./ledger.ts";
import { createTokens } from "./service.ts";
import { tokens } from "./units.ts";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
let storage: Storage;

beforeEach(async () => {
  storage = await openTestStorage("ledger");
});
afterEach(async () => {
  await storage.close();
});

const newUser = async (n = 1) => (await storage.repos.users.insertUser({ email: `p${n}@example.org`, authMethod: "email" }, T0)).id;

async function balanceAndSum(userId: number) {
  const w = await storage.repos.tokens.getWallet(userId);
  return { balance: w?.balance ?? 0, sum: await storage.repos.tokens.transactionSum(userId) };
}

test("random sequences of taps, claims (daily, quest, achievement, airdrop), purchases, upgrades, stakes, accruals and penalties: the transactions add up to the balance, never negative", async () => {
  // A small seeded PRNG (mulberry32) so a failure can be replayed.
  let seed = 0x7a11e5;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  let clock = T0;
  const tk = createTokens({ repos: storage.repos, log: silentLogger, now: () => clock, rollCrit: () => rnd() < 0.05 });
  const userId = await newUser();
  // Airdrops open over the whole run: one claim each, the rest refused.
  const drops = await Promise.all(
    (["EQUAL", "PROPORTIONAL"] as const).map((method, n) => tk.airdrops.create({ id: userId, client: {} }, { name: `Drop ${n}`, description: "", method, totalAmount: tokens(500), maxParticipants: 10, startsAt: T0, endsAt: T0 + 10_000 * 3_600_000 })),
  );
  const QUEST_IDS = ["check_in", "daily_tapper", "fresh_coins", "tinkerer"];
  const ACHIEVEMENT_IDS = ["first_tap", "tap_veteran", "collector", "gearhead", "creature_of_habit"];
  let refused = 0;
  for (let i = 0; i < 300; i++) {
    clock += Math.floor(rnd() * 4 * 3_600_000);
    const op = Math.floor(rnd() * 12);
    try {
      if (op === 0) await tk.tap(userId, { count: 1 + Math.floor(rnd() * 40), clientTime: clock });
      else if (op === 1) await tk.claimDaily(userId);
      else if (op === 2) await tk.purchase(userId, CHARACTERS[Math.floor(rnd() * 3)]!.slug);
      else if (op === 3) {
        const mine = await tk.characters(userId);
        if (mine.length) await tk.upgrade(userId, mine[0]!.row.id, 1);
      } else if (op === 4) {
        const type: TxType = "PENALTY";
        await apply(storage.repos, { userId, type, amount: -Math.floor(rnd() * tokens(300)) - 1, idemKey: `pen:${i}`, description: "Penalty", at: clock });
      } else if (op === 5) await apply(storage.repos, { userId, type: "AIRDROP", amount: 1 + Math.floor(rnd() * tokens(50)), idemKey: `air:${i}`, description: "Airdrop", at: clock });
      else if (op === 6) await tk.staking.stake(userId, tokens(100) + Math.floor(rnd() * tokens(200)), (["FLEXIBLE", "THIRTY_DAYS", "NINETY_DAYS", "ONE_EIGHTY_DAYS"] as const)[Math.floor(rnd() * 4)]!);
      else if (op === 7) await tk.staking.accrueAll();
      else if (op === 9) await tk.progress.claimQuest(userId, QUEST_IDS[Math.floor(rnd() * QUEST_IDS.length)]!);
      else if (op === 10) await tk.progress.claimAchievement(userId, ACHIEVEMENT_IDS[Math.floor(rnd() * ACHIEVEMENT_IDS.length)]!);
      else if (op === 11) await tk.airdrops.claim(userId, drops[Math.floor(rnd() * drops.length)]!.id);
      else {
        const open = (await tk.staking.list(userId)).filter((s) => s.status === "ACTIVE");
        if (open.length) await tk.staking.unstake(userId, open[Math.floor(rnd() * open.length)]!.id);
      }
    } catch (err) {
      refused++;
      expect((err as { publicCode?: string }).publicCode).toMatch(/INSUFFICIENT_BALANCE|ALREADY_CLAIMED|CHARACTER_OWNED|MAX_LEVEL|STAKE_RATE_LIMITED|QUEST_NOT_COMPLETED|ACHIEVEMENT_LOCKED/);
    }
    const { balance, sum } = await balanceAndSum(userId);
    expect(balance).toBe(sum);
    expect(balance).toBeGreaterThanOrEqual(0);
    // What is staked is exactly the open stakes.
    const open = (await tk.staking.list(userId)).filter((s) => s.status === "ACTIVE").reduce((t, s) => t + s.amount, 0);
    expect((await storage.repos.tokens.getWallet(userId))?.stakedAmount ?? 0).toBe(open);
  }
  expect(refused).toBeGreaterThan(0); // the sequence did hit the refusals
  const types = await testQuery<{ type: string }>(storage, "SELECT DISTINCT type FROM transactions ORDER BY type");
  expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(["MINING", "DAILY_REWARD", "PENALTY", "AIRDROP", "TRANSFER_OUT", "TRANSFER_IN", "STAKING_REWARD", "QUEST_REWARD", "ACHIEVEMENT_REWARD"]));
  // The proportional drop pays at its distribution, inside the same accounting.
  clock = T0 + 10_000 * 3_600_000;
  await tk.airdrops.distribute(drops[1]!.id, { id: userId, client: {} });
  const end = await balanceAndSum(userId);
  expect(end.balance).toBe(end.sum);
});

test("a debit larger than the balance is refused and changes nothing; the SQL CHECK refuses a negative balance written directly", async () => {
  const userId = await newUser();
  await apply(storage.repos, { userId, type: "AIRDROP", amount: 500, idemKey: "a", description: "x", at: T0 });
  await expect(apply(storage.repos, { userId, type: "PENALTY", amount: -501, idemKey: "p", description: "x", at: T0 })).rejects.toMatchObject({ publicCode: "INSUFFICIENT_BALANCE" });
  expect(await balanceAndSum(userId)).toEqual({ balance: 500, sum: 500 });
  expect((await testQuery(storage, "SELECT COUNT(*) AS n FROM transactions"))[0]!.n).toBe(1);
  await expect(testQuery(storage, "UPDATE wallets SET balance = -1 WHERE user_id = ?", [userId])).rejects.toThrow();
  expect((await storage.repos.tokens.getWallet(userId))!.balance).toBe(500);
});

test("the same idempotency key pays once", async () => {
  const userId = await newUser();
  const a = await apply(storage.repos, { userId, type: "QUEST_REWARD", amount: 700, idemKey: "quest:1", description: "x", at: T0 });
  const b = await apply(storage.repos, { userId, type: "QUEST_REWARD", amount: 700, idemKey: "quest:1", description: "x", at: T0 });
  expect([a.applied, b.applied]).toEqual([true, false]);
  expect(await balanceAndSum(userId)).toEqual({ balance: 700, sum: 700 });
});

test("50 parallel identical claims pay exactly once: the daily reward, the proof-of-work claim and a keyed ledger entry", async () => {
  const userId = await newUser();
  const tk = createTokens({ repos: storage.repos, log: silentLogger, now: () => T0 });
  const daily = await Promise.allSettled(Array.from({ length: 50 }, () => tk.claimDaily(userId)));
  expect(daily.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  for (const r of daily) if (r.status === "rejected") expect(r.reason.publicCode).toBe("ALREADY_CLAIMED");

  // Pending proof-of-work reward, claimed 50 times at once.
  await storage.repos.transaction(async (tx) => {
    const s = await tx.tokens.lockTapState({ ...(await import("./tap.ts")).freshTapState(userId, { maxEnergy: 1000, regenPerS: 3, rateBp: 10_000, level: 0 }, T0) });
    await tx.tokens.putTapState({ ...s, powPending: 12_345 });
  });
  const pow = await Promise.allSettled(Array.from({ length: 50 }, () => tk.claimMining(userId)));
  expect(pow.filter((r) => r.status === "fulfilled")).toHaveLength(1);

  const keyed = await Promise.allSettled(Array.from({ length: 50 }, () => apply(storage.repos, { userId, type: "AIRDROP", amount: 1_000, idemKey: "airdrop:7", description: "x", at: T0 })));
  expect(keyed.filter((r) => r.status === "fulfilled" && r.value.applied)).toHaveLength(1);

  const rows = await testQuery<{ type: string; n: number; total: number }>(storage, "SELECT type, COUNT(*) AS n, SUM(amount) AS total FROM transactions GROUP BY type ORDER BY type");
  expect(rows).toEqual([
    { type: "AIRDROP", n: 1, total: 1_000 },
    { type: "DAILY_REWARD", n: 1, total: tokens(100) },
    { type: "MINING", n: 1, total: 12_345 },
  ]);
  expect(await balanceAndSum(userId)).toEqual({ balance: tokens(100) + 12_345 + 1_000, sum: tokens(100) + 12_345 + 1_000 });
});
