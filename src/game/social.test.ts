// The game's notifications, feed, personal records, streak notices and badge statistics, on the
// engine the suite runs on (test/storage.ts), fed through the real ingest and writer thread.
// Events (`game.notification`, `game.feed`) come only after their rows are committed.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { ShareSubmittedEvent } from "../../stratum/index.ts";
import { WEEK_MS } from "../core/time.ts";
import { openStorage, type Storage } from "../db/storage.ts";
import { testDatabaseTarget, testQuery } from "../../test/storage.ts";
import { createEventBus, type EventBus, type PoolBus } from "../events.ts";
import { silentLogger } from "../log.ts";
import type { MiningEventMap } from "../mining/committed.ts";
import { Ingest } from "../mining/ingest.ts";
import { createGame, type Game, type GameEventMap } from "./service.ts";

const ADDR = "bc1qgamesocial0000000000000000000000000000";
const OTHER = "bc1qgamesocial1111111111111111111111111111";
const WED = Date.UTC(2026, 10, 25, 10, 0, 0); // Wednesday 25 Nov 2026
const MON = Date.UTC(2026, 10, 23);
const SUN_EVENING = Date.UTC(2026, 10, 29, 18, 0, 0);

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
let ingest: Ingest;
let game: Game;
let notes: GameEventMap["game.notification"][];
let checks: Promise<void>[];
let feeds: GameEventMap["game.feed"][];

beforeEach(async () => {
  storage = await openStorage(await testDatabaseTarget("game-social"));
  clock = WED;
  pool = createEventBus();
  mined = createEventBus();
  ingest = new Ingest({
    target: storage.writerTarget, where: storage.where, lastPoolBlockAt: 0, log: silentLogger, now: () => clock, shareRetentionMs: 86_400_000 * 30,
    flushIntervalMs: 3_600_000, onCommitted: (e) => void mined.publish("mining.batch_committed", e),
  });
  ingest.attach(pool);
  ingest.start();
  game = createGame({ repos: storage.repos, log: silentLogger, now: () => clock });
  game.attach(mined);
  notes = [];
  feeds = [];
  checks = [];
  game.events.on("game.notification", (e) => {
    // Published after commit: the row is there for anyone who reads it on hearing the event.
    // The bus does not wait for a subscriber's promise, so mine() awaits these checks itself.
    checks.push(
      (async () => {
        const rows = await testQuery<{ id: number }>(storage, "SELECT id FROM notifications WHERE id = ?", [e.notification.id]);
        expect(rows).toHaveLength(1);
        notes.push(e);
      })(),
    );
  });
  game.events.on("game.feed", (e) => void feeds.push(e));
});
afterEach(async () => {
  await ingest.stop();
  await game.stop();
  await storage.close();
});

async function mine(shares: ShareSubmittedEvent[]) {
  for (const s of shares) pool.publish("share_submitted", s);
  await pool.drain();
  await ingest.flush();
  await mined.drain();
  await settled();
}
/** The game's queue and bus are done, and so are the subscriber's after-commit checks. */
async function settled() {
  await game.idle();
  await Promise.all(checks);
}
const idOf = async (address = ADDR) => (await storage.repos.users.findUserByAddress(address))!.id;
const types = async (userId: number) => (await game.notifications(userId, { limit: 100 })).map((n) => n.type).reverse();

test("the first share: badge_earned and level_up notifications (after commit, contract shape), a global 'joined' entry; a replayed batch adds nothing", async () => {
  await mine([share(WED + 1000)]);
  const me = await idOf();
  expect(await types(me)).toEqual(["badge_earned", "level_up"]);
  expect(notes.map((n) => n.notification.type).sort()).toEqual(["badge_earned", "level_up"]);
  const badge = notes.find((n) => n.notification.type === "badge_earned")!;
  expect(badge.userId).toBe(me);
  expect(badge.notification).toEqual({
    id: expect.any(Number), type: "badge_earned", title: "Badge earned: First Hash", body: expect.stringContaining("+50 XP"),
    data: { badge_slug: "first_share", badge_name: "First Hash", rarity: "common", xp_reward: 50, new_total_xp: 125, new_level: 2 }, createdAt: WED,
  });
  expect(await game.unreadCount(me)).toBe(2);
  expect(feeds.map((f) => [f.entry.kind, f.entry.text])).toEqual([
    ["miner_joined", "bc1qgame…0000 joined the pool"], ["badge_earned", "bc1qgame…0000 earned the common badge First Hash"], ["level_up", "bc1qgame…0000 reached level 2 (Curious Cat)"],
  ]);
  const global = await game.feed({ scope: "global" }, null, 10);
  expect(global.entries.map((e) => e.kind)).toEqual(["miner_joined"]); // a common badge is not pool news
  expect((await game.feed({ scope: "user", userId: me }, me, 10)).entries.map((e) => e.text)).toEqual(["You reached level 2 (Curious Cat)", "You earned the common badge First Hash", "You joined the pool"]);

  // The same stored data evaluated again (a duplicated event, a catch-up): nothing new.
  await game.catchUp();
  await game.weekDeadline();
  await settled();
  expect(await types(me)).toEqual(["badge_earned", "level_up"]);
  expect(notes).toHaveLength(2);
  expect(feeds).toHaveLength(3);
});

test("read, mark all read, and nobody else's: unread counts follow", async () => {
  await mine([share(WED + 1000), share(WED + 2000, { address: OTHER })]);
  const me = await idOf();
  const other = await idOf(OTHER);
  const [top] = await game.notifications(me, { limit: 1 });
  expect(await game.markRead(other, top!.id)).toBe(false);
  expect(await game.unreadCount(me)).toBe(2);
  expect(await game.markRead(me, top!.id)).toBe(true);
  expect(await game.markRead(me, top!.id)).toBe(false);
  expect(await game.unreadCount(me)).toBe(1);
  expect((await game.notifications(me, { limit: 10, unreadOnly: true })).map((n) => n.type)).toEqual(["badge_earned"]);
  expect(await game.markAllRead(me)).toBe(1);
  expect(await game.unreadCount(me)).toBe(0);
  expect(await game.unreadCount(other)).toBe(2);
});

test("preferences: badges off → no badge, level or record notifications (XP still granted); streaks off → no streak notices; other types always", async () => {
  await mine([share(WED + 1000, { address: OTHER })]); // someone else exists
  // The account exists before mining and has switched badge notifications off.
  const u = await storage.repos.users.insertUser({ btcAddress: ADDR, authMethod: "wallet" } as never, WED);
  await storage.repos.users.getSettings(u.id);
  await storage.repos.users.updateSettings(u.id, { notificationBadges: false, notificationStreaks: false, notificationLottery: false }, WED);
  await mine([share(WED + 2000)]);
  expect(await types(u.id)).toEqual([]);
  expect((await game.level(u.id)).info.totalXp).toBe(125);
  clock = WED + 3600_000;
  await mine([share(WED + 3000, { shareDifficulty: 1e7 })]); // a record and diff_1e6
  expect(await types(u.id)).toEqual([]);
  expect(await game.notify(u.id, "lottery_win", "You won", "Second place", { place: 2 }, "lottery:2026-11-23")).toBeNull();
  expect(await game.notify(u.id, "streak_at_risk", "At risk", "Mine", null, "streak_at_risk:x")).toBeNull();
  expect((await game.notify(u.id, "system", "Maintenance", "Tonight", null, "maint:1"))?.type).toBe("system");
  await storage.repos.users.updateSettings(u.id, { notificationBadges: true }, WED);
  await game.grantBadge(u.id, "coop_member", "coop:1");
  expect(await types(u.id)).toEqual(["system", "badge_earned"]);
});

test("notify() for other features: idempotent by ref, published once, bad type refused", async () => {
  await mine([share(WED + 1000)]);
  const me = await idOf();
  const first = await game.notify(me, "lottery_win", "You won the weekly lottery", "Second place: +200 XP", { place: 2 }, "lottery:2026-11-23");
  expect(first).toMatchObject({ type: "lottery_win", data: { place: 2 } });
  expect(await game.notify(me, "lottery_win", "You won the weekly lottery", "Second place: +200 XP", { place: 2 }, "lottery:2026-11-23")).toBeNull();
  await settled();
  expect(notes.filter((n) => n.notification.type === "lottery_win").map((n) => n.notification.id)).toEqual([first!.id]);
  await expect(game.notify(me, "Bad Type!", "x", "y", null, "r")).rejects.toThrow(/lower_snake_case/);
});

test("personal best: a new all-time best gives 50 XP and a notification, at most once a UTC day; bests per period", async () => {
  await mine([share(WED + 1000, { shareDifficulty: 2000 })]);
  const me = await idOf();
  clock = WED + 3_600_000;
  await mine([share(WED + 3_000_000, { shareDifficulty: 5000 })]);
  await mine([share(WED + 3_100_000, { shareDifficulty: 9000 })]); // a second record the same day: no second reward
  const ledger = await testQuery<{ source: string; amount: number }>(storage, "SELECT source, amount FROM xp_ledger WHERE source = 'best_diff_record'");
  expect(ledger).toEqual([{ source: "best_diff_record", amount: 50 }]);
  expect((await types(me)).filter((t) => t === "personal_best")).toHaveLength(1);
  const bests = await game.personalBests(me);
  expect(bests.alltime?.difficulty).toBe(9000);
  expect(bests.week?.difficulty).toBe(9000);
  expect(bests.month?.difficulty).toBe(9000);
  clock = WED + 86_400_000 + 1000;
  await mine([share(clock - 10, { shareDifficulty: 12_000 })]); // the next day it pays again
  expect((await types(me)).filter((t) => t === "personal_best")).toHaveLength(2);
  clock = WED + 7 * 86_400_000;
  expect((await game.personalBests(me)).week).toBeNull(); // a new week: no best yet
  expect((await game.personalBests(me)).alltime?.difficulty).toBe(12_000);
});

test("streak extended when a new week continues last week's; at risk on Sunday evening only when this week has no share yet, once", async () => {
  clock = MON - WEEK_MS + 3600_000;
  await mine([share(clock - 1000), share(clock - 900, { address: OTHER })]);
  const me = await idOf();
  const other = await idOf(OTHER);
  clock = WED;
  await mine([share(WED - 1000, { address: OTHER })]); // the other miner keeps this week
  expect(await types(other)).toContain("streak_extended");
  const extended = (await game.notifications(other, { limit: 10 })).find((n) => n.type === "streak_extended")!;
  expect(extended.title).toBe("Streak: 2 weeks");

  clock = SUN_EVENING;
  expect(await game.streakAtRisk()).toEqual({ users: 1 });
  await game.streakAtRisk();
  expect((await types(me)).filter((t) => t === "streak_at_risk")).toHaveLength(1);
  expect(await types(other)).not.toContain("streak_at_risk");
  const risk = (await game.notifications(me, { limit: 1 }))[0]!;
  expect(risk.body).toContain("before Monday 00:00 UTC");
});

test("a share at the deadline job's moment: the job at Monday 00:00 runs first, the Sunday 23:59:59 share's batch after it still counts that week", async () => {
  clock = MON - WEEK_MS + 3600_000; // week 1
  await mine([share(clock)]);
  const me = await idOf();
  // Week 2: its last share lands at Sunday 23:59:59 but its batch commits only after the deadline job.
  const deadline = MON + WEEK_MS;
  for (const s of [share(deadline - 1000)]) pool.publish("share_submitted", s);
  await pool.drain();
  clock = deadline;
  await game.weekDeadline();
  expect((await game.streaks(me)).current).toBe(0); // as the job saw it: week 2 had no counted share yet
  await ingest.flush();
  await mined.drain();
  await settled();
  expect(await game.streaks(me)).toMatchObject({ current: 2, longest: 2, thisWeekCounts: false });
});

test("feed privacy: a hidden profile is 'A miner' with no user id, a display name is shown, and hiding later hides past entries too", async () => {
  await mine([share(WED + 1000), share(WED + 1000, { address: OTHER })]);
  const me = await idOf();
  const other = await idOf(OTHER);
  await storage.repos.users.updateUser(me, { displayName: "Satoshi<script>" }, WED);
  await storage.repos.users.getSettings(other);
  await storage.repos.users.updateSettings(other, { privacyShowProfile: false }, WED);
  const seen = (await game.feed({ scope: "global" }, null, 10)).entries;
  expect(seen.map((e) => [e.text, e.userId])).toEqual([["A miner joined the pool", null], ["Satoshi<script> joined the pool", me]]);
  expect(JSON.stringify(seen)).not.toContain(OTHER.slice(0, 8));
  // The hidden miner sees their own entry as theirs.
  expect((await game.feed({ scope: "global" }, other, 10)).entries[0]!.text).toBe("You joined the pool");
  // A feed row announced while hidden names nobody.
  feeds.length = 0;
  await game.grantBadge(other, "world_cup_winner", "wc:2026");
  await settled();
  expect(feeds.map((f) => [f.entry.text, f.entry.userId])).toEqual([["A miner earned the epic badge World Champion", null]]);
});

test("a found block: block_found for the finder, pool_block for everyone else (their switch decides), a global feed entry", async () => {
  await mine([share(WED + 1000, { address: OTHER })]);
  const other = await idOf(OTHER);
  const hash = "00000000000000000003c0ffee00000000000000000000000000000000000000";
  pool.publish("block_found", { source: "hosted", hash, height: 900_000, address: ADDR, worker: "rig", accepted: true, reason: null, shareDifficulty: 1.4e14, networkDifficulty: 1.2e14, rewardSats: 312_500_000, timestamp: WED + 2000 });
  await mine([share(WED + 2000, { isBlock: true, shareDifficulty: 1.4e14 })]);
  const me = await idOf();
  expect(await types(me)).toContain("block_found");
  expect(await types(other)).toContain("pool_block");
  expect((await game.notifications(other, { limit: 1 }))[0]).toMatchObject({ type: "pool_block", data: JSON.stringify({ block_hash: hash }) });
  const global = (await game.feed({ scope: "global" }, null, 10)).entries;
  expect(global.filter((e) => e.kind === "block_found").map((e) => e.text)).toEqual(["bc1qgame…0000 found a block"]);
  // Legendary badges are pool news too.
  expect(global.filter((e) => e.kind === "badge_earned").map((e) => e.text)).toContain("bc1qgame…0000 earned the legendary badge Block Finder");
  // Replayed: nobody hears of it twice.
  await game.catchUp();
  expect((await types(other)).filter((t) => t === "pool_block")).toHaveLength(1);
});

test("badge_stats: counted on refresh (daily), not live; % of players", async () => {
  await mine([share(WED + 1000), share(WED + 1000, { address: OTHER }), share(WED + 2000, { address: OTHER, shareDifficulty: 2e6 })]);
  const me = await idOf();
  const before = (await game.badges(me)).find((b) => b.def.slug === "first_share")!;
  expect(before.percentage).toBe(0);
  await game.refreshBadgeStats();
  const after = await game.badges(me);
  expect(after.find((b) => b.def.slug === "first_share")).toMatchObject({ holders: 2, players: 2, percentage: 100 });
  expect(after.find((b) => b.def.slug === "diff_1e6")).toMatchObject({ holders: 1, percentage: 50 });
  expect(after.find((b) => b.def.slug === "block_finder")).toMatchObject({ holders: 0, percentage: 0 });
});

test("celebrations: badges earned since the last look, once", async () => {
  await mine([share(WED + 1000)]);
  const me = await idOf();
  expect((await game.takeCelebrations(me)).map((d) => d.slug)).toEqual(["first_share"]);
  expect(await game.takeCelebrations(me)).toEqual([]);
  clock = WED + 60_000;
  await game.grantBadge(me, "node_runner", "admin");
  expect((await game.takeCelebrations(me)).map((d) => d.slug)).toEqual(["node_runner"]);
});

test("the 52-week calendar: this week last, shares and best difficulty per week, empty weeks zero", async () => {
  clock = MON - 2 * WEEK_MS + 1000;
  await mine([share(clock), share(clock + 10, { shareDifficulty: 7000 })]);
  clock = WED;
  await mine([share(WED)]);
  const cal = await game.calendar(await idOf());
  expect(cal).toHaveLength(52);
  expect(cal[51]).toEqual({ weekStart: MON, shares: 1, bestDiff: 1500 });
  expect(cal[50]).toEqual({ weekStart: MON - WEEK_MS, shares: 0, bestDiff: 0 });
  expect(cal[49]).toEqual({ weekStart: MON - 2 * WEEK_MS, shares: 2, bestDiff: 7000 });
});
