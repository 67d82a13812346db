// Tap mining, daily rewards and characters on the engine the suite runs on, with a moved clock:
// energy and the human-rate allowance clamp what a batch is worth (a script posting a million
// taps gets what a human could have tapped), combo and crits follow the seed's calculateReward,
// boosts are limited per UTC day, and shares stored by the real ingest raise the energy tier and
// pay a claimable MINING reward per accepted difficulty.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { ShareSubmittedEvent } from "../../stratum/index.ts";
import { openStorage, type Storage } from "../db/storage.ts";
import { testDatabaseTarget, testQuery } from "../../test/storage.ts";
import { createEventBus, type EventBus, type PoolBus } from "../events.ts";
import { silentLogger } from "../log.ts";
import type { MiningEventMap } from "../mining/committed.ts";
import { Ingest } from "../mining/ingest.ts";
import { upgradeCost, CHARACTER_BY_SLUG } from "./characters.ts";
import { apply } from "./ledger.ts";
import { POW_TIERS, UNITS_PER_DIFF } from "./pow.ts";
import { createTokens, type Tokens } from "./service.ts";
import { TAP } from "./tap.ts";
import { tokens as tk } from "./units.ts";

const ADDR = "bc1qtokenstest0000000000000000000000000000";
const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);

let storage: Storage;
let clock = T0;
let crit = false;
let pool: PoolBus;
let mined: EventBus<MiningEventMap>;
let ingest: Ingest;
let svc: Tokens;

beforeEach(async () => {
  storage = await openStorage(await testDatabaseTarget("tokens"));
  clock = T0;
  crit = false;
  pool = createEventBus();
  mined = createEventBus();
  ingest = new Ingest({
    target: storage.writerTarget, where: storage.where, lastPoolBlockAt: 0, log: silentLogger, now: () => clock, shareRetentionMs: 86_400_000 * 30,
    flushIntervalMs: 3_600_000, onCommitted: (e) => void mined.publish("mining.batch_committed", e),
  });
  ingest.attach(pool);
  ingest.start();
  svc = createTokens({ repos: storage.repos, log: silentLogger, now: () => clock, rollCrit: () => crit });
  svc.attach(mined);
});
afterEach(async () => {
  await ingest.stop();
  await svc.stop();
  await storage.close();
});

const user = async (n = 1) => (await storage.repos.users.insertUser({ email: `t${n}@example.org`, authMethod: "email" }, T0)).id;
const share = (at: number, diff: number): ShareSubmittedEvent => ({
  source: "hosted", address: ADDR, worker: "rig", userAgent: "bitaxe", ip: "10.0.0.2", sessionId: "s1", jobId: "1", height: 900_000, accepted: true,
  targetDifficulty: diff, shareDifficulty: diff * 1.5, rejectCode: null, rejectReason: null, isBlock: false, timestamp: at,
});
async function mine(shares: ShareSubmittedEvent[]) {
  for (const s of shares) pool.publish("share_submitted", s);
  await pool.drain();
  await ingest.flush();
  await mined.drain();
  await svc.idle();
}

test("a script posting count: 1,000,000 gets what a human could tap; the rest is clamped and nothing more is paid", async () => {
  const id = await user();
  const r = await svc.tap(id, { count: 1_000_000, clientTime: clock });
  expect(r.accepted).toBe(TAP.allowanceCap); // a full 3-second allowance of a fast human
  expect(r.clampedByRate).toBe(1_000_000 - TAP.allowanceCap);
  expect(r.reward).toBe(TAP.allowanceCap * tk(1) * 1.05); // 1 token a tap, the first combo step (+5 %) reached at 25 taps
  expect(r.status.energy).toBe(TAP.baseMaxEnergy - TAP.allowanceCap);
  // About 10 taps a second for 100 seconds in 1-second batches: all accepted (a human can), none clamped.
  let accepted = 0;
  for (let i = 0; i < 100; i++) {
    clock += 1_000;
    accepted += (await svc.tap(id, { count: 9 + (i % 3), clientTime: clock })).accepted;
  }
  expect(accepted).toBe(34 * 9 + 33 * 10 + 33 * 11);
  // 100 taps a second: the 3-second burst the allowance kept, then 12 a second is all a human gets.
  clock += 1_000;
  expect((await svc.tap(id, { count: 100, clientTime: clock })).accepted).toBe(TAP.allowanceCap);
  for (let i = 0; i < 5; i++) {
    clock += 1_000;
    const fast = await svc.tap(id, { count: 100, clientTime: clock });
    expect(fast.accepted).toBe(TAP.humanTapsPerS);
    expect(fast.clampedByRate).toBe(100 - TAP.humanTapsPerS);
  }
  const w = await svc.wallet(id);
  expect(w.balance).toBe(await storage.repos.tokens.transactionSum(id));
});

test("energy runs out, regenerates from timestamps at 3 a second, and a refill is limited to 3 a UTC day", async () => {
  const id = await user();
  let spent = 0;
  // Tap at the human rate until the bar is empty.
  for (let i = 0; i < 200 && spent < TAP.baseMaxEnergy; i++) {
    clock += 1_000;
    spent += (await svc.tap(id, { count: 11 + (i % 2), clientTime: clock })).accepted - 3; // 3 regenerate each second
  }
  let s = await svc.status(id);
  expect(s.energy).toBeLessThan(12);
  const empty = await svc.tap(id, { count: 12, clientTime: clock });
  expect(empty.accepted).toBeLessThanOrEqual(s.energy);
  clock += 10_000;
  expect((await svc.status(id)).energy).toBe(Math.min(TAP.baseMaxEnergy, empty.status.energy + 30));
  for (let i = 0; i < 3; i++) {
    s = await svc.boost(id, "refill");
    expect(s.energy).toBe(TAP.baseMaxEnergy);
    clock += 1_000;
    await svc.tap(id, { count: 5, clientTime: clock });
  }
  await expect(svc.boost(id, "refill")).rejects.toMatchObject({ publicCode: "NO_BOOSTS_LEFT" });
  clock = Date.UTC(2026, 11, 2, 0, 0, 1); // the next UTC day
  await svc.tap(id, { count: 5, clientTime: clock });
  expect((await svc.boost(id, "refill")).refillsLeft).toBe(2);
});

test("combo, crits and turbo follow calculateReward: base × rate × level bonus × combo × crit", async () => {
  const id = await user();
  // 50 taps of combo (two steps, +10 %), then a crit batch, then turbo.
  for (let i = 0; i < 5; i++) {
    clock += 1_000;
    await svc.tap(id, { count: 10, clientTime: clock });
  }
  clock += 1_000;
  crit = true;
  const c = await svc.tap(id, { count: 10, clientTime: clock });
  expect(c.crits).toBe(10);
  expect(c.reward).toBe(10 * TAP.critMultiplier * tk(1) * 1.1); // 60 taps of combo: +10 %
  crit = false;
  clock += 5_000; // the combo window (1.5 s) has passed: it restarts
  const cold = await svc.tap(id, { count: 10, clientTime: clock });
  expect(cold.reward).toBe(10 * tk(1));
  await svc.boost(id, "turbo");
  clock += 1_000;
  expect((await svc.tap(id, { count: 10, clientTime: clock })).reward).toBe(10 * tk(1) * TAP.turboMultiplier);
  clock += TAP.turboMs + 1_600;
  expect((await svc.tap(id, { count: 10, clientTime: clock })).reward).toBe(10 * tk(1));
});

test("a retried batch (same batch_id) pays once", async () => {
  const id = await user();
  const a = await svc.tap(id, { count: 10, clientTime: clock, batchId: "batch-0001" });
  clock += 1_000;
  const b = await svc.tap(id, { count: 10, clientTime: clock, batchId: "batch-0001" });
  expect(a.accepted).toBe(10);
  expect(b).toMatchObject({ duplicate: true, accepted: 0, reward: 0 });
  expect((await svc.wallet(id)).balance).toBe(a.reward);
  expect((await svc.stats(id)).tapsTotal).toBe(10);
});

test("stored shares raise the energy tier and pay a MINING reward per accepted difficulty, claimable once", async () => {
  const id = (await storage.repos.users.insertUser({ btcAddress: ADDR, authMethod: "wallet" }, T0)).id;
  expect((await svc.status(id)).maxEnergy).toBe(TAP.baseMaxEnergy);
  await mine([share(clock + 1, 5_000), share(clock + 2, 7_000)]);
  let s = await svc.status(id);
  expect(s.pow.tier?.name).toBe(POW_TIERS[1].name); // 12,000 ≥ 10,000
  expect(s.maxEnergy).toBe(TAP.baseMaxEnergy + POW_TIERS[1].energy);
  expect(s.regenPerS).toBe(TAP.baseRegenPerS + POW_TIERS[1].regen);
  expect(s.pow.pending).toBe(12_000 * UNITS_PER_DIFF);
  // A share too small for a whole unit carries over instead of being lost.
  await mine([share(clock + 3, 0.05), share(clock + 4, 0.05)]);
  s = await svc.status(id);
  expect(s.pow.pending).toBe(12_000 * UNITS_PER_DIFF + 1); // 0.1 × 12 = 1.2 units: 1 paid, 0.2 carried
  const claims = await Promise.allSettled(Array.from({ length: 10 }, () => svc.claimMining(id)));
  expect(claims.filter((c) => c.status === "fulfilled")).toHaveLength(1);
  expect((await svc.wallet(id)).balance).toBe(12_000 * UNITS_PER_DIFF + 1);
  await expect(svc.claimMining(id)).rejects.toMatchObject({ publicCode: "NOTHING_TO_CLAIM" });
  // The tier holds through the next day and is gone the day after.
  clock = Date.UTC(2026, 11, 2, 12);
  expect((await svc.status(id)).pow.tier?.name).toBe(POW_TIERS[1].name);
  clock = Date.UTC(2026, 11, 3, 12);
  expect((await svc.status(id)).pow.tier).toBeNull();
  const rows = await testQuery<{ type: string; amount: number }>(storage, "SELECT type, amount FROM transactions WHERE user_id = ?", [id]);
  expect(rows).toEqual([{ type: "MINING", amount: 12_000 * UNITS_PER_DIFF + 1 }]);
});

test("daily rewards: one claim per UTC day, the streak survives up to 48 hours, multipliers at 7/14/30/60/90 days", async () => {
  const id = await user();
  const claim = () => svc.claimDaily(id);
  expect((await claim()).reward).toBe(tk(100));
  clock += 3_600_000;
  await expect(claim()).rejects.toMatchObject({ publicCode: "ALREADY_CLAIMED" });
  const rewards: number[] = [tk(100)];
  for (let day = 2; day <= 90; day++) {
    clock += 86_400_000;
    const r = await claim();
    expect(r.streak).toBe(day);
    rewards.push(r.reward);
  }
  expect([rewards[5], rewards[6], rewards[13], rewards[29], rewards[59], rewards[89]]).toEqual([tk(100), tk(150), tk(200), tk(300), tk(500), tk(700)]);
  // 47 hours later (a UTC day skipped): still within the grace period.
  clock += 47 * 3_600_000;
  expect((await claim()).streak).toBe(91);
  clock += 49 * 3_600_000;
  expect((await claim()).streak).toBe(1);
  expect((await svc.wallet(id)).balance).toBe(await storage.repos.tokens.transactionSum(id));
});

test("characters: buy (the first is equipped), upgrade along the stated curve with history, equip exactly one, and taps use it", async () => {
  const id = await user();
  await expect(svc.purchase(id, "pleb")).rejects.toMatchObject({ publicCode: "INSUFFICIENT_BALANCE" });
  await apply(storage.repos, { userId: id, type: "AIRDROP", amount: tk(5_000), idemKey: "seed", description: "start", at: clock });
  const pleb = await svc.purchase(id, "pleb");
  expect(pleb.row.isEquipped).toBe(true);
  await expect(svc.purchase(id, "pleb")).rejects.toMatchObject({ publicCode: "CHARACTER_OWNED" });
  const up = await svc.upgrade(id, pleb.row.id, 3);
  expect(up.row.level).toBe(4);
  const tpl = CHARACTER_BY_SLUG.get("pleb")!;
  expect(upgradeCost(tpl, 1)).toBe(tk(50));
  const cost = upgradeCost(tpl, 1) + upgradeCost(tpl, 2) + upgradeCost(tpl, 3);
  expect((await svc.wallet(id)).balance).toBe(tk(5_000) - tpl.price - cost);
  const hist = await storage.repos.tokens.listUpgrades(pleb.row.id, 10);
  expect(hist.map((h) => [h.previousValue, h.newValue, h.cost])).toEqual([[3, 4, upgradeCost(tpl, 3)], [2, 3, upgradeCost(tpl, 2)], [1, 2, upgradeCost(tpl, 1)]]);
  const node = await svc.purchase(id, "node_runner");
  expect(node.row.isEquipped).toBe(false);
  await svc.equip(id, node.row.id);
  const mine = await svc.characters(id);
  expect(mine.filter((c) => c.row.isEquipped).map((c) => c.template.slug)).toEqual(["node_runner"]);
  // Node Runner: rate 1.25, level 1 bonus 1.1 → 1.375 tokens a tap.
  expect((await svc.tap(id, { count: 10, clientTime: clock })).reward).toBe(10 * 1_375);
  await expect(svc.upgrade(id, pleb.row.id, 47)).rejects.toMatchObject({ publicCode: "MAX_LEVEL" });
});

test("anti-cheat: impossible counts and over-rate batches raise the risk score; above 50 rewards halve, above 80 tapping stops for 24 h; admins see it", async () => {
  const id = await user();
  // A script posting a million taps four times in a row.
  for (let i = 0; i < 2; i++) {
    clock += 1_000;
    await svc.tap(id, { count: 1_000_000, clientTime: clock });
  }
  expect((await storage.repos.tokens.getTapState(id))!.risk).toBe(50);
  expect((await svc.risky(10)).map((r) => [r.userId, r.score, r.signal])).toEqual([[id, 50, "impossible_count"]]);
  // 100 taps a second (a 10 ms cadence): clamped, and each batch adds to the score.
  clock += 1_000;
  await svc.tap(id, { count: 100, clientTime: clock });
  expect((await storage.repos.tokens.getTapState(id))!.risk).toBe(55);
  // Above 50, what a batch earns is halved (2 s later: the combo has ended).
  clock += 2_000;
  const halved = await svc.tap(id, { count: 10, clientTime: clock });
  expect(halved.reward).toBe(10 * tk(1) * 0.5);
  for (let i = 0; i < 2; i++) {
    clock += 1_000;
    await svc.tap(id, { count: 1_000_000, clientTime: clock });
  }
  clock += 1_000;
  await expect(svc.tap(id, { count: 10, clientTime: clock })).rejects.toMatchObject({ publicCode: "TAP_SUSPENDED" });
  expect((await svc.risky(10))[0]!.suspendedUntil).toBeGreaterThan(clock + 23 * 3_600_000);
  // A day later the suspension is over and the score has decayed (10 points an hour).
  clock += 24 * 3_600_000 + 1_000;
  expect((await svc.tap(id, { count: 10, clientTime: clock })).accepted).toBe(10);
  expect(await svc.risky(10)).toEqual([]);
});

test("anti-cheat: a bot sending the same count every second is flagged as too regular; a human's varying counts are not", async () => {
  const bot = await user(1);
  const human = await user(2);
  for (let i = 0; i < 40; i++) {
    clock += 1_000;
    await svc.tap(bot, { count: 10, clientTime: clock });
    await svc.tap(human, { count: 6 + ((i * 7) % 5), clientTime: clock });
  }
  const bs = (await storage.repos.tokens.getTapState(bot))!;
  expect(bs.risk).toBe(40);
  expect(bs.riskSignal).toBe("too_regular");
  expect((await storage.repos.tokens.getTapState(human))!.risk).toBe(0);
  expect((await svc.risky(10)).map((r) => r.userId)).toEqual([bot]);
});

test("a crash between the mining commit and the token credit loses nothing: the start-up catch-up credits it once, a late event adds nothing", async () => {
  const id = (await storage.repos.users.insertUser({ btcAddress: ADDR, authMethod: "wallet" }, T0)).id;
  // The tokens step is gone (the process died after the pool stored the batch).
  await svc.stop();
  const events: MiningEventMap["mining.batch_committed"][] = [];
  const off = mined.on("mining.batch_committed", (e) => void events.push(e), { name: "capture" });
  await mine([share(clock + 1, 5_000), share(clock + 2, 7_000)]);
  off();
  expect(events).toHaveLength(1);
  const restarted = createTokens({ repos: storage.repos, log: silentLogger, now: () => clock, rollCrit: () => crit });
  expect((await restarted.status(id)).pow.pending).toBe(0);
  expect(await restarted.catchUp()).toEqual({ users: 1, credited: 12_000 });
  expect((await restarted.status(id)).pow).toMatchObject({ pending: 12_000 * UNITS_PER_DIFF, diffTotal: 12_000 });
  // Running it again, or the lost event arriving late, credits nothing more.
  expect((await restarted.catchUp()).credited).toBe(0);
  restarted.attach(mined);
  mined.publish("mining.batch_committed", events[0]!);
  await mined.drain();
  await restarted.idle();
  expect((await restarted.status(id)).pow.pending).toBe(12_000 * UNITS_PER_DIFF);
  // New work after the restart is credited by its event as before.
  await mine([share(clock + 3, 1_000)]);
  await restarted.idle();
  expect((await restarted.status(id)).pow.pending).toBe(13_000 * UNITS_PER_DIFF);
  await restarted.stop();
  svc = createTokens({ repos: storage.repos, log: silentLogger, now: () => clock });
});
