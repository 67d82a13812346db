// Staking over simulated days with a moved clock, on the engine the suite runs on: hourly accrual
// pays floor(cumulative interest) − paid (never more than the exact interest, never a unit lost
// per hour), a locked stake stops earning at its end, early withdrawal costs the penalty, limits
// and the 5-a-minute rate hold, and the ledger still adds up.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { Storage } from "../db/storage.ts";
import { openTestStorage, testQuery } from "../../test/storage.ts";
import { silentLogger } from "../log.ts";
import { apply } from "./ledger.ts";
import { createTokens, type Tokens } from "./service.ts";
import { EARLY_PENALTY_BP, YEAR_MS } from "./staking.ts";
import { tokens } from "./units.ts";

const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const HOUR = 3_600_000;
let storage: Storage, svc: Tokens, clock: number, userId: number;

beforeEach(async () => {
  storage = await openTestStorage("staking");
  clock = T0;
  svc = createTokens({ repos: storage.repos, log: silentLogger, now: () => clock });
  userId = (await storage.repos.users.insertUser({ email: "s@example.org", authMethod: "email" }, T0)).id;
  await apply(storage.repos, { userId, type: "AIRDROP", amount: tokens(10_000), idemKey: "start", description: "start", at: T0 });
});
afterEach(async () => {
  await svc.stop();
  await storage.close();
});

const balance = async () => (await svc.wallet(userId)).balance;

test("30 days of hourly accrual on a 30-day stake pays the floored interest exactly, then nothing after it unlocks; unstaking is free", async () => {
  const s = await svc.staking.stake(userId, tokens(1_000), "THIRTY_DAYS");
  expect(await balance()).toBe(tokens(9_000));
  expect((await svc.wallet(userId)).stakedAmount).toBe(tokens(1_000));
  for (let h = 1; h <= 30 * 24 + 48; h++) {
    clock = T0 + h * HOUR;
    await svc.staking.accrueAll();
  }
  const exact = (tokens(1_000) * 0.08 * 30 * 86_400_000) / YEAR_MS; // 6575.34… units
  const paid = (await testQuery<{ total: number }>(storage, "SELECT SUM(amount) AS total FROM transactions WHERE type = 'STAKING_REWARD'"))[0]!.total;
  expect(paid).toBe(Math.floor(exact));
  expect(paid).toBeLessThanOrEqual(exact);
  // Running the job twice in the same hour pays nothing more.
  expect((await svc.staking.accrueAll()).paid).toBe(0);
  const r = await svc.staking.unstake(userId, s.id);
  expect(r).toMatchObject({ returned: tokens(1_000), penalty: 0 });
  expect(await balance()).toBe(tokens(10_000) + Math.floor(exact));
  expect((await svc.wallet(userId)).stakedAmount).toBe(0);
  expect(await balance()).toBe(await storage.repos.tokens.transactionSum(userId));
  await expect(svc.staking.unstake(userId, s.id)).rejects.toMatchObject({ publicCode: "STAKE_CLOSED" });
});

test("withdrawing a 90-day stake after 10 days costs the early-withdrawal penalty; a flexible stake never does", async () => {
  const locked = await svc.staking.stake(userId, tokens(2_000), "NINETY_DAYS");
  const flex = await svc.staking.stake(userId, tokens(500), "FLEXIBLE");
  clock = T0 + 10 * 86_400_000;
  const a = await svc.staking.unstake(userId, locked.id);
  expect(a.penalty).toBe((tokens(2_000) * EARLY_PENALTY_BP) / 10_000);
  expect(a.interest).toBe(Math.floor((tokens(2_000) * 0.15 * 10 * 86_400_000) / YEAR_MS));
  const b = await svc.staking.unstake(userId, flex.id);
  expect(b.penalty).toBe(0);
  expect(b.interest).toBe(Math.floor((tokens(500) * 0.03 * 10 * 86_400_000) / YEAR_MS));
  const penalties = await testQuery<{ amount: number }>(storage, "SELECT amount FROM transactions WHERE type = 'PENALTY'");
  expect(penalties).toEqual([{ amount: -tokens(200) }]);
  expect(await balance()).toBe(tokens(10_000) - tokens(200) + a.interest + b.interest);
  expect(await balance()).toBe(await storage.repos.tokens.transactionSum(userId));
});

test("limits: below the minimum, above the maximum or above the balance is refused and changes nothing; the 6th stake in a minute is rate limited", async () => {
  await expect(svc.staking.stake(userId, tokens(99), "FLEXIBLE")).rejects.toMatchObject({ publicCode: "STAKE_AMOUNT" });
  await expect(svc.staking.stake(userId, tokens(1_000_001), "FLEXIBLE")).rejects.toMatchObject({ publicCode: "STAKE_AMOUNT" });
  await expect(svc.staking.stake(userId, tokens(20_000), "FLEXIBLE")).rejects.toMatchObject({ publicCode: "INSUFFICIENT_BALANCE" });
  expect(await svc.staking.list(userId)).toEqual([]);
  expect(await balance()).toBe(tokens(10_000));
  await svc.staking.stake(userId, tokens(100), "FLEXIBLE");
  await svc.staking.stake(userId, tokens(100), "FLEXIBLE");
  await expect(svc.staking.stake(userId, tokens(100), "FLEXIBLE")).rejects.toMatchObject({ publicCode: "STAKE_RATE_LIMITED" });
  clock += 60_001;
  await svc.staking.stake(userId, tokens(100), "FLEXIBLE");
  expect((await svc.wallet(userId)).stakedAmount).toBe(tokens(300));
});
