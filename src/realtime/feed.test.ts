// What the hub makes of the pool's and the game's events: the right channel, the right owner,
// and a bounded queue in between (a burst is dropped and counted, the pool never waits).
import { expect, test } from "bun:test";
import { createEventBus, type PoolEventMap } from "../events.ts";
import type { Relayed } from "../cluster/relay.ts";
import type { GameEventMap } from "../game/service.ts";
import type { RanksEventMap } from "../compete/leaderboards.ts";
import type { WorldCupEventMap } from "../compete/worldcup/service.ts";
import type { LeagueEventMap } from "../compete/leagues/service.ts";
import { silentLogger } from "../log.ts";
import { feedHub, SUBSCRIBER_CAPACITY } from "./feed.ts";
import { createHub, type Transport } from "./hub.ts";

function socket() {
  const got: { channel?: string; type: string; data?: Record<string, unknown> }[] = [];
  const t: Transport = { send: (x) => (got.push(JSON.parse(x)), x.length), buffered: () => 0, close: () => {} };
  return { t, got, pushes: () => got.filter((m) => m.channel !== undefined) };
}

function setup() {
  const hub = createHub({ log: silentLogger });
  const pool = createEventBus<PoolEventMap>();
  const poolWide = createEventBus<{ block_found: Relayed<PoolEventMap["block_found"]>; new_block_network: Relayed<PoolEventMap["new_block_network"]> }>();
  const game = createEventBus<GameEventMap>();
  feedHub(hub, { pool, poolWide, game });
  const alice = socket();
  const bob = socket();
  hub.message(hub.open(alice.t, { userId: 1, address: "addrA", expiresAt: null }), { action: "subscribe", channels: ["shares", "workers", "notifications", "feed", "blocks"] });
  hub.message(hub.open(bob.t, { userId: 2, address: "addrB", expiresAt: null }), { action: "subscribe", channels: ["shares", "workers", "notifications", "feed", "blocks"] });
  const drain = () => Promise.all([pool.drain(), poolWide.drain(), game.drain()]);
  return { hub, pool, poolWide, game, alice, bob, drain };
}

const share = (address: string, i = 0) => ({
  source: "hosted" as const, address, worker: "rig", userAgent: "x", ip: "1.1.1.1", sessionId: "s", jobId: "j", height: 1, accepted: true,
  targetDifficulty: 1, shareDifficulty: 2 + i, rejectCode: null, rejectReason: null, isBlock: false, timestamp: Date.UTC(2026, 1, 23, 12, 0, 1),
});

test("game notifications and feed entries reach their channels: a notification only its user, the feed everyone", async () => {
  const { game, alice, bob, drain } = setup();
  game.publish("game.notification", { userId: 1, notification: { id: 7, type: "lottery_won", title: "You won the lottery", body: "3rd place", data: { place: 3 }, createdAt: Date.UTC(2026, 1, 23) } });
  game.publish("game.feed", { entry: { id: 9, kind: "block", userId: 2, text: "Bob found a block", data: null, createdAt: Date.UTC(2026, 1, 23) } });
  game.publish("game.badge_earned", { userId: 2, slug: "shares_1m", at: Date.UTC(2026, 1, 23) });
  await drain();
  expect(alice.pushes()).toEqual([
    { channel: "notifications", type: "notification", data: { id: 7, type: "lottery_won", title: "You won the lottery", body: "3rd place", data: { place: 3 }, createdAt: Date.UTC(2026, 1, 23), created_at: "2026-02-23T00:00:00.000Z" } },
    { channel: "feed", type: "feed_item", data: { id: 9, kind: "block", userId: 2, text: "Bob found a block", data: null, createdAt: Date.UTC(2026, 1, 23), created_at: "2026-02-23T00:00:00.000Z" } },
  ]);
  expect(bob.pushes().map((m) => `${m.channel}/${m.type}`)).toEqual(["feed/feed_item", "notifications/badge_earned"]);
});

test("a share goes to its address's owner only, in seed 003's shape", async () => {
  const { pool, alice, bob, drain } = setup();
  pool.publish("share_submitted", share("addrA"));
  await drain();
  expect(alice.pushes()).toEqual([
    { channel: "shares", type: "share_submitted", data: { worker: "rig", difficulty: 2, target_difficulty: 1, accepted: true, reject_reason: null, is_personal_best: false, is_block: false, timestamp: "2026-02-23T12:00:01.000Z" } },
  ]);
  expect(bob.pushes()).toEqual([]);
});

test("a burst beyond the hub's queue is dropped and counted; what was queued is delivered", async () => {
  const { pool, alice, drain } = setup();
  let dropped = 0;
  for (let i = 0; i < SUBSCRIBER_CAPACITY + 500; i++) dropped += pool.publish("share_submitted", share("addrA", i));
  expect(dropped).toBe(500);
  expect(pool.stats().subscribers.find((s) => s.name === "ws:share_submitted")?.dropped).toBe(500);
  await drain();
  expect(alice.pushes().length).toBe(SUBSCRIBER_CAPACITY);
});

test("leaderboard refreshes reach everyone on `leaderboard`, a rank change only its player; World Cup moves and results reach `competition`", async () => {
  const hub = createHub({ log: silentLogger });
  const ranks = createEventBus<RanksEventMap>();
  const competition = createEventBus<WorldCupEventMap>();
  const leagues = createEventBus<LeagueEventMap>();
  feedHub(hub, { pool: createEventBus<PoolEventMap>(), poolWide: createEventBus(), game: createEventBus<GameEventMap>(), ranks, competition, leagues });
  const alice = socket();
  const anon = socket();
  hub.message(hub.open(alice.t, { userId: 1, address: "addrA", expiresAt: null }), { action: "subscribe", channels: ["leaderboard", "competition"] });
  hub.message(hub.open(anon.t, null), { action: "subscribe", channels: ["leaderboard", "competition"] });
  const at = Date.UTC(2026, 1, 23, 12, 5);
  ranks.publish("ranks.rank_changed", { userId: 1, period: "weekly", from: 4, to: 2, at });
  ranks.publish("ranks.updated", { at, participants: { weekly: 10, monthly: 12, alltime: 30 } });
  competition.publish("compete.match_completed", { competitionId: 3, round: "final", teamA: "PT", teamB: "BR", scoreA: 900, scoreB: 700, winner: "PT", at });
  leagues.publish("compete.league_promoted", { season: 4, userId: 1, fromTier: 3, toTier: 2, league: "Platinum", at });
  await Promise.all([ranks.drain(), competition.drain(), leagues.drain()]);
  // Each event kind has its own queue: compare as sets.
  expect(alice.pushes().map((m) => `${m.channel}/${m.type}`).sort()).toEqual(["competition/league_promoted", "competition/match_completed", "leaderboard/leaderboard_updated", "leaderboard/rank_changed"]);
  expect(alice.pushes().find((m) => m.type === "rank_changed")!.data).toEqual({ period: "weekly", previous_rank: 4, rank: 2, updated_at: "2026-02-23T12:05:00.000Z" });
  expect(anon.pushes().map((m) => `${m.channel}/${m.type}`).sort()).toEqual(["competition/match_completed", "leaderboard/leaderboard_updated"]);
  expect(anon.pushes().find((m) => m.type === "match_completed")!.data).toMatchObject({ team_a: "PT", team_b: "BR", winner: "PT" });
});
