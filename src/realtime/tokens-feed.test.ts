// The tap game's pushes on the personal `wallet` channel, from the real tokens service on the
// engine the suite runs on: a tap batch announces the reward and the new balance, the first tap
// unlocks First Steps, the 100th completes Daily Tapper, a claim moves the wallet again — and
// another player hears none of it. Hourly staking interest is pushed as wallet:update too.
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Storage } from "../db/storage.ts";
import { openTestStorage } from "../../test/storage.ts";
import { createEventBus, type PoolEventMap } from "../events.ts";
import type { Relayed } from "../cluster/relay.ts";
import type { GameEventMap } from "../game/service.ts";
import { silentLogger } from "../log.ts";
import { createTokens, type Tokens } from "../tokens/service.ts";
import { apply } from "../tokens/ledger.ts";
import { interestDue } from "../tokens/staking.ts";
import { tokens } from "../tokens/units.ts";
import { until } from "../../test/until.ts";
import { feedHub } from "./feed.ts";
import { createHub, type Transport } from "./hub.ts";

setDefaultTimeout(30_000);
let clock = Date.UTC(2026, 11, 2, 12);
let storage: Storage, svc: Tokens;

beforeEach(async () => {
  storage = await openTestStorage("tokens-feed");
  svc = createTokens({ repos: storage.repos, log: silentLogger, now: () => clock, rollCrit: () => false });
});
afterEach(async () => {
  await svc.stop();
  await storage.close();
});

function socket() {
  const got: { channel?: string; type: string; data?: Record<string, unknown> }[] = [];
  const t: Transport = { send: (x) => (got.push(JSON.parse(x)), x.length), buffered: () => 0, close: () => {} };
  return { t, pushes: () => got.filter((m) => m.channel === "wallet") };
}

test("taps, unlocks and claims reach only their player on the wallet channel", async () => {
  const hub = createHub({ log: silentLogger });
  const game = createEventBus<GameEventMap>();
  feedHub(hub, { pool: createEventBus<PoolEventMap>(), poolWide: createEventBus<{ block_found: Relayed<PoolEventMap["block_found"]>; new_block_network: Relayed<PoolEventMap["new_block_network"]> }>(), game, tokens: svc.events });
  const a = (await storage.repos.users.insertUser({ telegramId: 1, authMethod: "telegram" }, clock)).id;
  const b = (await storage.repos.users.insertUser({ telegramId: 2, authMethod: "telegram" }, clock)).id;
  const alice = socket();
  const bob = socket();
  hub.message(hub.open(alice.t, { userId: a, address: null, expiresAt: null }), { action: "subscribe", channels: ["wallet"] });
  hub.message(hub.open(bob.t, { userId: b, address: null, expiresAt: null }), { action: "subscribe", channels: ["wallet"] });

  clock += 3_000;
  await svc.tap(a, { count: 30, clientTime: clock });
  await until("three pushes", 10_000, () => (alice.pushes().length >= 3 ? true : null));
  // Each kind has its own queue: their order between kinds is not fixed.
  const of = (type: string) => alice.pushes().find((p) => p.type === type)?.data;
  expect(alice.pushes().map((p) => p.type).sort()).toEqual(["achievement:unlocked", "mining:reward", "wallet:update"]);
  const paid = (await svc.wallet(a)).balance;
  expect(of("mining:reward")).toMatchObject({ amount: paid, source: "tap", taps: 30 });
  expect(of("wallet:update")).toMatchObject({ balance: paid, change: paid, transaction_type: "MINING" });
  expect(of("achievement:unlocked")).toMatchObject({ achievement_id: "first_tap", name: "First Steps", tier: 1 });
  for (let i = 0; i < 3; i++) {
    clock += 3_000;
    await svc.tap(a, { count: 30 + i, clientTime: clock });
  }
  await until("quest completed", 10_000, () => (alice.pushes().some((p) => p.type === "quest:completed") ? true : null));
  expect(alice.pushes().find((p) => p.type === "quest:completed")!.data).toMatchObject({ quest_id: "daily_tapper", name: "Daily Tapper", period: "D:2026-12-02" });
  await svc.progress.claimQuest(a, "daily_tapper");
  await until("quest reward", 10_000, () => (alice.pushes().some((p) => p.type === "wallet:update" && p.data!.transaction_type === "QUEST_REWARD") ? true : null));
  expect(bob.pushes()).toEqual([]);
});

test("hourly staking interest reaches its player on the wallet channel as wallet:update", async () => {
  const hub = createHub({ log: silentLogger });
  feedHub(hub, { pool: createEventBus<PoolEventMap>(), poolWide: createEventBus<{ block_found: Relayed<PoolEventMap["block_found"]>; new_block_network: Relayed<PoolEventMap["new_block_network"]> }>(), game: createEventBus<GameEventMap>(), tokens: svc.events });
  const a = (await storage.repos.users.insertUser({ telegramId: 11, authMethod: "telegram" }, clock)).id;
  const b = (await storage.repos.users.insertUser({ telegramId: 12, authMethod: "telegram" }, clock)).id;
  await apply(storage.repos, { userId: a, type: "AIRDROP", amount: tokens(10_000), idemKey: "t:seed", description: "test", at: clock });
  const stake = await svc.staking.stake(a, tokens(10_000), "ONE_EIGHTY_DAYS");
  const alice = socket();
  const bob = socket();
  hub.message(hub.open(alice.t, { userId: a, address: null, expiresAt: null }), { action: "subscribe", channels: ["wallet"] });
  hub.message(hub.open(bob.t, { userId: b, address: null, expiresAt: null }), { action: "subscribe", channels: ["wallet"] });

  clock += 24 * 3_600_000;
  expect(await svc.staking.accrueAll()).toMatchObject({ stakes: 1 });
  const interest = interestDue(stake, clock);
  expect(interest).toBeGreaterThan(0);
  await until("interest pushed", 10_000, () => alice.pushes().find((p) => p.type === "wallet:update") ?? null);
  expect(alice.pushes().find((p) => p.type === "wallet:update")!.data).toMatchObject({ balance: interest, change: interest, transaction_type: "STAKING_REWARD" });
  expect((await svc.wallet(a)).balance).toBe(interest);
  // The same hour again pays nothing and announces nothing.
  expect(await svc.staking.accrueAll()).toMatchObject({ stakes: 0 });
  await Bun.sleep(50);
  expect(alice.pushes().filter((p) => p.type === "wallet:update").length).toBe(1);
  expect(bob.pushes()).toEqual([]);
});
