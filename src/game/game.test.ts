// The game on the engine the suite runs on (test/storage.ts): shares go through the real ingest
// and writer thread; the game only hears `mining.batch_committed` after the batch is stored.
// Badge triggers at and just below thresholds, XP per day, streaks across the week boundary,
// a duplicated event granting nothing twice, and a crash between the mining commit and the game
// step caught up at the next start.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { ShareSubmittedEvent } from "../../stratum/index.ts";
import { openStorage, type Storage } from "../db/storage.ts";
import { testDatabaseTarget, testQuery, testQueryOne } from "../../test/storage.ts";
import { createEventBus, type EventBus, type PoolBus } from "../events.ts";
import { silentLogger } from "../log.ts";
import type { BatchCommittedEvent, MiningEventMap } from "../mining/committed.ts";
import { Ingest } from "../mining/ingest.ts";
import { createGame, type Game, type GameEventMap } from "./service.ts";

const ADDR = "bc1qgametest000000000000000000000000000000";
const WED = Date.UTC(2026, 10, 25, 10, 0, 0); // Wednesday 25 Nov 2026
const MON = Date.UTC(2026, 10, 23); // its Monday

function share(at: number, over: Partial<ShareSubmittedEvent> = {}): ShareSubmittedEvent {
  return {
    source: "hosted", address: ADDR, worker: "rig", userAgent: "bitaxe", ip: "10.0.0.2", sessionId: "s1", jobId: "1", height: 900_000, accepted: true,
    targetDifficulty: 1000, shareDifficulty: 1500, rejectCode: null, rejectReason: null, isBlock: false, timestamp: at, ...over,
  };
}

let storage: Storage;
let clock = WED;
let pool: PoolBus;
let mined: EventBus<MiningEventMap>;
let committed: BatchCommittedEvent[];
let ingest: Ingest;
let games: Game[];

beforeEach(async () => {
  storage = await openStorage(await testDatabaseTarget("game"));
  clock = WED;
  pool = createEventBus();
  mined = createEventBus();
  committed = [];
  mined.on("mining.batch_committed", (e) => void committed.push(e));
  ingest = new Ingest({
    target: storage.writerTarget, where: storage.where, lastPoolBlockAt: 0, log: silentLogger, now: () => clock, shareRetentionMs: 86_400_000 * 30,
    flushIntervalMs: 3_600_000, onCommitted: (e) => void mined.publish("mining.batch_committed", e),
  });
  ingest.attach(pool);
  ingest.start();
  games = [];
});
afterEach(async () => {
  await ingest.stop();
  for (const g of games) await g.stop();
  await storage.close();
});

function newGame(): Game {
  const g = createGame({ repos: storage.repos, log: silentLogger, now: () => clock });
  games.push(g);
  return g;
}

/** Publishes the shares, commits them as one batch and lets the game finish its step. */
async function mine(shares: ShareSubmittedEvent[], game?: Game) {
  for (const s of shares) pool.publish("share_submitted", s);
  await pool.drain();
  await ingest.flush();
  await mined.drain();
  await game?.idle();
}

const userId = async () => (await storage.repos.users.findUserByAddress(ADDR))!.id;
const ledger = async () => testQuery<{ source: string; amount: number; ref: string }>(storage, "SELECT source, amount, ref FROM xp_ledger ORDER BY id");
const slugs = async () => (await testQuery<{ slug: string }>(storage, "SELECT slug FROM user_badges ORDER BY slug")).map((r) => r.slug);

test("the first stored share: a committed-batch event with the user's deltas, first_share + 50 XP for the day, level 2", async () => {
  const game = newGame();
  game.attach(mined);
  const seen: GameEventMap["game.level_up"][] = [];
  game.events.on("game.level_up", (e) => void seen.push(e));
  await mine([share(WED + 5000, { shareDifficulty: 2000 }), share(WED + 1000, { shareDifficulty: 1800 }), share(WED + 9000, { accepted: false, rejectCode: 23, rejectReason: "low", shareDifficulty: 3 })], game);
  expect(committed).toHaveLength(1);
  expect(committed[0]!.users).toEqual([{ address: ADDR, day: "2026-11-25", acceptedShares: 2, sumDiff: 2000, bestDiff: 2000, firstShareAt: WED + 1000, blocks: 0 }]);
  expect(await slugs()).toEqual(["first_share"]);
  expect(await ledger()).toEqual([
    { source: "daily_share", amount: 50, ref: "2026-11-25" },
    { source: "streak_week", amount: 25, ref: "2026-11-23" },
    { source: "badge", amount: 50, ref: "first_share" },
  ]);
  const s = await game.state(await userId());
  expect(s).toMatchObject({ totalXp: 125, level: 2, title: "Curious Cat", badgesEarned: 1, currentStreak: 1, longestStreak: 1, totalShares: 2, bestDiff: 2000 });
  await game.idle();
  expect(seen.map((e) => [e.from, e.to, e.title])).toEqual([[1, 2, "Curious Cat"]]);

  // More shares the same day: no second daily XP, no second badge.
  await mine([share(WED + 60_000)], game);
  expect((await ledger()).length).toBe(3);
});

test("badge thresholds: 999 shares is not shares_1k, the 1,000th is; best diff 999,999 is not diff_1e6, 1e6 is", async () => {
  const game = newGame();
  game.attach(mined);
  await mine(Array.from({ length: 999 }, (_, i) => share(WED + i * 10, { shareDifficulty: i === 500 ? 999_999 : 1500 })), game);
  expect(await slugs()).toEqual(["first_share"]);
  await mine([share(WED + 20_000, { shareDifficulty: 1_000_000 })], game);
  expect(await slugs()).toEqual(["diff_1e6", "first_share", "shares_1k"]);
  const rows = await ledger();
  expect(rows.filter((r) => r.source === "badge").map((r) => [r.ref, r.amount])).toEqual([["first_share", 50], ["shares_1k", 100], ["diff_1e6", 100]]);
  // The new all-time best (over 999,999) is a personal record: 50 XP, once per day.
  expect(rows.filter((r) => r.source === "best_diff_record")).toEqual([{ source: "best_diff_record", amount: 50, ref: "2026-11-25" }]);
  expect((await game.state(await userId())).totalXp).toBe(50 + 25 + 50 + 100 + 100 + 50);
});

test("the same batch event delivered twice grants nothing twice", async () => {
  await mine([share(WED + 1000)]); // stored; no game attached yet
  expect(committed).toHaveLength(1);
  const game = newGame();
  const replay = createEventBus<MiningEventMap>();
  game.attach(replay);
  replay.publish("mining.batch_committed", committed[0]!);
  replay.publish("mining.batch_committed", committed[0]!);
  await replay.drain();
  await game.idle();
  replay.publish("mining.batch_committed", committed[0]!);
  await replay.drain();
  await game.idle();
  expect(await slugs()).toEqual(["first_share"]);
  expect((await ledger()).map((r) => r.source)).toEqual(["daily_share", "streak_week", "badge"]);
  expect((await game.state(await userId())).totalXp).toBe(125);
});

test("a crash between the mining commit and the game step is caught up at the next start, once", async () => {
  // Day 1 is processed; then the process dies after storing day 2's batch but before the game saw it.
  const first = newGame();
  await first.catchUp();
  first.attach(mined);
  await mine([share(WED)], first);
  await first.stop();
  clock = WED + 86_400_000;
  await mine(Array.from({ length: 1000 }, (_, i) => share(clock + i)));
  expect(await slugs()).toEqual(["first_share"]);

  const restarted = newGame();
  expect((await restarted.catchUp()).users).toBe(1);
  expect(await slugs()).toEqual(["first_share", "shares_1k"]);
  const days = (await ledger()).filter((r) => r.source === "daily_share").map((r) => r.ref);
  expect(days).toEqual(["2026-11-25", "2026-11-26"]);
  const before = (await ledger()).length;
  await restarted.catchUp();
  await newGame().catchUp();
  expect((await ledger()).length).toBe(before);
});

test("weekly streak: Sunday 23:59:59 then Monday 00:00:00 UTC make 2 weeks (25 + 50 XP); a skipped week resets it at the deadline", async () => {
  const game = newGame();
  game.attach(mined);
  const sunday = MON + 7 * 86_400_000 - 1000; // Sunday 29 Nov 23:59:59
  clock = sunday;
  await mine([share(sunday)], game);
  clock = MON + 7 * 86_400_000; // Monday 30 Nov 00:00:00
  await mine([share(clock)], game);
  const id = await userId();
  expect(await game.streaks(id)).toMatchObject({ current: 2, longest: 2, start: MON, thisWeekCounts: true });
  expect((await ledger()).filter((r) => r.source === "streak_week")).toEqual([
    { source: "streak_week", amount: 25, ref: "2026-11-23" },
    { source: "streak_week", amount: 50, ref: "2026-11-30" },
  ]);
  // The week of 7 Dec passes without a share: at its deadline the streak is 0, the longest stays 2.
  clock = MON + 21 * 86_400_000;
  await game.weekDeadline();
  expect((await game.state(id)).currentStreak).toBe(0);
  expect(await game.streaks(id)).toMatchObject({ current: 0, longest: 2 });
  // Mining again starts a new streak of 1.
  await mine([share(clock + 1000)], game);
  expect(await game.streaks(id)).toMatchObject({ current: 1, longest: 2, thisWeekCounts: true });
});

test("grantBadge for later features and the admin's manual grant and revoke: once each, XP follows, audited", async () => {
  const game = newGame();
  game.attach(mined);
  await mine([share(WED)], game);
  const id = await userId();
  expect(await game.grantBadge(id, "coop_founder", "coop:7")).toBe(true);
  expect(await game.grantBadge(id, "coop_founder", "coop:7")).toBe(false);
  expect(game.grantBadge(id, "no_such_badge", "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
  const admin = await storage.repos.users.insertUser({ email: "op@example.org", authMethod: "email", role: "admin" }, clock);
  expect(await game.adminGrant(admin, id, "node_runner", { ip: "10.0.0.9" })).toBe(true);
  expect((await game.state(id)).totalXp).toBe(125 + 150 + 200);
  expect(await game.adminRevoke(admin, id, "node_runner", {})).toBe(true);
  expect(await game.adminRevoke(admin, id, "node_runner", {})).toBe(false);
  expect(await slugs()).toEqual(["coop_founder", "first_share"]);
  expect((await game.state(id)).totalXp).toBe(125 + 150);
  const audit = await testQuery<{ metadata: string }>(storage, "SELECT metadata FROM audit_log WHERE action = 'admin_action' ORDER BY id");
  expect(audit.map((a) => JSON.parse(a.metadata).op)).toEqual(["badge_granted", "badge_revoked"]);
  const one = await testQueryOne<{ n: number }>(storage, "SELECT count(*) AS n FROM xp_ledger WHERE source = 'badge_revoked'");
  expect(Number(one.n)).toBe(1);
});

test("a found block: block_finder and 500 XP once, the batch event counts it; a refused block counts for nothing", async () => {
  const game = newGame();
  game.attach(mined);
  const hash = "00000000000000000001c0ffee00000000000000000000000000000000000000";
  const refused = "00000000000000000002badbad00000000000000000000000000000000000000";
  pool.publish("block_found", { source: "hosted", hash: refused, height: 899_999, address: ADDR, worker: "rig", accepted: false, reason: "bad-txns", shareDifficulty: 1.3e14, networkDifficulty: 1.2e14, rewardSats: 312_500_000, timestamp: WED });
  await mine([share(WED, { shareDifficulty: 1.3e14, isBlock: true })], game);
  expect(await slugs()).not.toContain("block_finder");
  pool.publish("block_found", { source: "hosted", hash, height: 900_000, address: ADDR, worker: "rig", accepted: true, reason: null, shareDifficulty: 1.4e14, networkDifficulty: 1.2e14, rewardSats: 312_500_000, timestamp: WED + 1000 });
  await mine([share(WED + 1000, { shareDifficulty: 1.4e14, isBlock: true })], game);
  expect(committed.at(-1)!.users).toEqual([expect.objectContaining({ address: ADDR, blocks: 1 })]);
  expect(await slugs()).toEqual(["block_finder", "diff_1e12", "diff_1e6", "diff_1e9", "first_share"]);
  const rows = await ledger();
  expect(rows.filter((r) => r.source === "block")).toEqual([{ source: "block", amount: 500, ref: hash }]);
  await mine([share(WED + 2000)], game);
  expect((await ledger()).filter((r) => r.source === "block" || r.ref === "block_finder")).toHaveLength(2);
  expect((await game.state(await userId())).blocksFound).toBe(1);
});

test("streak_4: three weeks in a row is not it, the fourth is (each week's bonus is 25 × its place)", async () => {
  const game = newGame();
  game.attach(mined);
  for (let w = 0; w < 3; w++) {
    clock = WED + w * 7 * 86_400_000;
    await mine([share(clock)], game);
  }
  expect(await slugs()).toEqual(["first_share"]);
  clock = WED + 3 * 7 * 86_400_000;
  await mine([share(clock)], game);
  expect(await slugs()).toEqual(["first_share", "streak_4"]);
  expect((await ledger()).filter((r) => r.source === "streak_week").map((r) => r.amount)).toEqual([25, 50, 75, 100]);
  expect(await game.streaks(await userId())).toMatchObject({ current: 4, longest: 4 });
});
