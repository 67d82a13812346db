// What reaches the hub: pool, mining and game events turned into seed 003 §7 pushes.
//
// Each source is read through its own bounded bus queue (SUBSCRIBER_CAPACITY; a full queue
// drops and counts, see src/events.ts), so the hub never slows the pool or the game. Pushes that
// must reach sockets on other instances (worker status, notifications, the feed) go out through
// `relay` (src/server.ts wires it to PostgreSQL NOTIFY); the live share feed stays on the
// instance whose pool took the share (thousands a second would swamp NOTIFY), and found blocks
// already arrive from every instance on the pool-wide relayed bus.
import type { PoolEventMap } from "../events.ts";
import type { EventSource } from "../events.ts";
import type { Relayed } from "../cluster/relay.ts";
import type { GameEventMap } from "../game/service.ts";
import type { RanksEventMap } from "../compete/leaderboards.ts";
import type { WorldCupEventMap } from "../compete/worldcup/service.ts";
import type { LeagueEventMap } from "../compete/leagues/service.ts";
import type { TokensEventMap } from "../tokens/service.ts";
import type { Hub, Target } from "./hub.ts";
import type { Push } from "./protocol.ts";

/** Queue per event kind feeding the hub (~20 s of 500 shares/s); beyond it pushes are dropped and counted. */
export const SUBSCRIBER_CAPACITY = 10_000;

/** A push as it crosses instances. */
export interface WirePush {
  push: Push;
  to?: Target;
}
export interface RealtimePushMap {
  "realtime.push": WirePush;
}

export interface FeedSources {
  /** This instance's pool events (src/events.ts bus). */
  pool: EventSource<PoolEventMap>;
  /** The pool-wide relayed events (block_found, new_block_network) of every instance. */
  poolWide: EventSource<{ block_found: Relayed<PoolEventMap["block_found"]>; new_block_network: Relayed<PoolEventMap["new_block_network"]> }>;
  game: EventSource<GameEventMap>;
  /** Leaderboard refreshes; every instance refreshes its own boards, so these stay on this instance. */
  ranks?: EventSource<RanksEventMap>;
  /** World Cup moves and finished matches (run by the leader, so relayed to every instance). */
  competition?: EventSource<WorldCupEventMap>;
  /** League seasons ending (the leader's job; relayed to every instance). */
  leagues?: EventSource<LeagueEventMap>;
  /** The tap game's wallet changes, rewards, quests and achievements (per user, relayed). */
  tokens?: EventSource<TokensEventMap>;
}

export interface FeedOptions {
  /** Sends a push to every instance (this one included); absent: applied here only. */
  relay?: (p: WirePush) => void;
  /** A finder's public name for block pushes (display name, or a shortened address). */
  finderName?: (address: string) => Promise<string>;
}

const iso = (ms: number) => new Date(ms).toISOString();
export const shortAddress = (a: string) => (a.length > 16 ? `${a.slice(0, 8)}…${a.slice(-4)}` : a);

/** Applies a push that arrived (from this instance or another) to this instance's sockets. */
export const applyPush = (hub: Hub, w: WirePush) => hub.publish(w.push, w.to);

/** Subscribes the hub to its sources; returns a function that stops it. */
export function feedHub(hub: Hub, src: FeedSources, opts: FeedOptions = {}): () => void {
  const everywhere = opts.relay ?? ((w: WirePush) => void applyPush(hub, w));
  const finderName = opts.finderName ?? (async (a: string) => shortAddress(a));
  const sub = { capacity: SUBSCRIBER_CAPACITY };
  const offs = [
    src.pool.on(
      "share_submitted",
      (e) => {
        hub.publish(
          {
            channel: "shares",
            type: "share_submitted",
            data: { worker: e.worker, difficulty: e.shareDifficulty, target_difficulty: e.targetDifficulty, accepted: e.accepted, reject_reason: e.rejectReason, is_personal_best: false, is_block: e.isBlock, timestamp: iso(e.timestamp) },
          },
          { address: e.address },
        );
      },
      { ...sub, name: "ws:share_submitted" },
    ),
    src.pool.on(
      "share_best_diff",
      (e) => everywhere({ push: { channel: "shares", type: "personal_best", data: { worker: e.worker, difficulty: e.difficulty, previous_best: e.previousBest, timestamp: iso(e.timestamp) } }, to: { address: e.address } }),
      { ...sub, name: "ws:share_best_diff" },
    ),
    src.pool.on(
      "miner_connected",
      (e) => everywhere({ push: { channel: "workers", type: "worker_online", data: { worker: e.worker, user_agent: e.userAgent, timestamp: iso(e.timestamp) } }, to: { address: e.address } }),
      { ...sub, name: "ws:miner_connected" },
    ),
    src.pool.on(
      "miner_disconnected",
      (e) => everywhere({ push: { channel: "workers", type: "worker_offline", data: { worker: e.worker, reason: e.reason, last_share: iso(e.timestamp) } }, to: { address: e.address } }),
      { ...sub, name: "ws:miner_disconnected" },
    ),
    src.pool.on(
      "hashrate_update",
      (e) =>
        everywhere({
          push: { channel: "workers", type: "hashrate", data: { worker: e.worker, hashrate_1m: e.hashrate1m, hashrate_5m: e.hashrate5m, hashrate_1h: e.hashrate1h, hashrate_1d: e.hashrate1d, sessions: e.sessions, timestamp: iso(e.timestamp) } },
          to: { address: e.address },
        }),
      { ...sub, name: "ws:hashrate_update" },
    ),
    src.poolWide.on(
      "block_found",
      (r) => {
        const e = r.event;
        if (!e.accepted) return;
        void finderName(e.address)
          .catch(() => shortAddress(e.address))
          .then((finder) => {
            const data = { block_height: e.height, hash: e.hash, finder, worker: e.worker, reward_sats: e.rewardSats, timestamp: iso(e.timestamp) };
            hub.publishWithOwner({ channel: "blocks", type: "block_found", data: { ...data, is_mine: false } }, { address: e.address }, { channel: "blocks", type: "block_found", data: { ...data, is_mine: true } });
          });
      },
      { ...sub, name: "ws:block_found" },
    ),
    src.poolWide.on(
      "new_block_network",
      (r) => {
        // Every instance hears the same tip: only this instance's own event is pushed.
        if (r.origin !== "local") return;
        hub.publish({ channel: "pool", type: "new_block_network", data: { height: r.event.height, hash: r.event.hash, difficulty: r.event.difficulty, timestamp: iso(r.event.timestamp) } });
      },
      { ...sub, name: "ws:new_block_network" },
    ),
    src.game.on(
      "game.notification",
      (e) => everywhere({ push: { channel: "notifications", type: "notification", data: { ...e.notification, created_at: iso(e.notification.createdAt) } }, to: { userId: e.userId } }),
      { ...sub, name: "ws:game.notification" },
    ),
    src.game.on("game.feed", (e) => everywhere({ push: { channel: "feed", type: "feed_item", data: { ...e.entry, created_at: iso(e.entry.createdAt) } } }), { ...sub, name: "ws:game.feed" }),
    src.game.on(
      "game.badge_earned",
      (e) => everywhere({ push: { channel: "notifications", type: "badge_earned", data: { badge_slug: e.slug, timestamp: iso(e.at) } }, to: { userId: e.userId } }),
      { ...sub, name: "ws:game.badge_earned" },
    ),
    src.game.on(
      "game.level_up",
      (e) => everywhere({ push: { channel: "notifications", type: "level_up", data: { old_level: e.from, new_level: e.to, title: e.title, timestamp: iso(e.at) } }, to: { userId: e.userId } }),
      { ...sub, name: "ws:game.level_up" },
    ),
    ...(src.ranks
      ? [
          src.ranks.on("ranks.updated", (e) => void hub.publish({ channel: "leaderboard", type: "leaderboard_updated", data: { updated_at: iso(e.at), total_participants: e.participants } }), { ...sub, name: "ws:ranks.updated" }),
          src.ranks.on("ranks.rank_changed", (e) => void hub.publish({ channel: "leaderboard", type: "rank_changed", data: { period: e.period, previous_rank: e.from, rank: e.to, updated_at: iso(e.at) } }, { userId: e.userId }), { ...sub, name: "ws:ranks.rank_changed" }),
        ]
      : []),
    ...(src.competition
      ? [
          src.competition.on("compete.transition", (e) => everywhere({ push: { channel: "competition", type: "competition_state", data: { competition_id: e.competitionId, from: e.from, to: e.to, at: iso(e.at) } } }), { ...sub, name: "ws:compete.transition" }),
          src.competition.on("compete.match_completed", (e) => everywhere({ push: { channel: "competition", type: "match_completed", data: { competition_id: e.competitionId, round: e.round, team_a: e.teamA, team_b: e.teamB, score_a: e.scoreA, score_b: e.scoreB, winner: e.winner, at: iso(e.at) } } }), { ...sub, name: "ws:compete.match_completed" }),
          src.competition.on("compete.champion", (e) => everywhere({ push: { channel: "competition", type: "champion", data: { competition_id: e.competitionId, country_code: e.countryCode, at: iso(e.at) } } }), { ...sub, name: "ws:compete.champion" }),
        ]
      : []),
    ...(src.leagues
      ? [
          src.leagues.on("compete.league_season_ended", (e) => everywhere({ push: { channel: "competition", type: "league_season_ended", data: { season: e.season, clubs: e.clubs, promoted: e.promoted, relegated: e.relegated, next_season: e.next, at: iso(e.at) } } }), { ...sub, name: "ws:league_season_ended" }),
          src.leagues.on("compete.league_promoted", (e) => everywhere({ push: { channel: "competition", type: "league_promoted", data: { season: e.season, from_tier: e.fromTier, to_tier: e.toTier, league: e.league, at: iso(e.at) } }, to: { userId: e.userId } }), { ...sub, name: "ws:league_promoted" }),
          src.leagues.on("compete.league_relegated", (e) => everywhere({ push: { channel: "competition", type: "league_relegated", data: { season: e.season, from_tier: e.fromTier, to_tier: e.toTier, league: e.league, at: iso(e.at) } }, to: { userId: e.userId } }), { ...sub, name: "ws:league_relegated" }),
        ]
      : []),
    ...(src.tokens
      ? [
          src.tokens.on(
            "tokens.wallet_update",
            (e) => everywhere({ push: { channel: "wallet", type: "wallet:update", data: { balance: e.balance, change: e.change, transaction_type: e.type, decimals: 3, timestamp: iso(e.at) } }, to: { userId: e.userId } }),
            { ...sub, name: "ws:tokens.wallet_update" },
          ),
          src.tokens.on(
            "tokens.mining_reward",
            (e) => everywhere({ push: { channel: "wallet", type: "mining:reward", data: { amount: e.amount, source: e.source, taps: e.taps, critical_hits: e.crits, decimals: 3, timestamp: iso(e.at) } }, to: { userId: e.userId } }),
            { ...sub, name: "ws:tokens.mining_reward" },
          ),
          src.tokens.on(
            "tokens.achievement_unlocked",
            (e) => everywhere({ push: { channel: "wallet", type: "achievement:unlocked", data: { achievement_id: e.slug, name: e.name, tier: e.tier, tier_name: e.tierName, reward: e.reward, secret: e.secret, timestamp: iso(e.at) } }, to: { userId: e.userId } }),
            { ...sub, name: "ws:tokens.achievement_unlocked" },
          ),
          src.tokens.on(
            "tokens.quest_completed",
            (e) => everywhere({ push: { channel: "wallet", type: "quest:completed", data: { quest_id: e.slug, name: e.name, reward: e.reward, period: e.period, timestamp: iso(e.at) } }, to: { userId: e.userId } }),
            { ...sub, name: "ws:tokens.quest_completed" },
          ),
        ]
      : []),
  ];
  return () => {
    for (const off of offs) off();
  };
}
