// The game, assembled. It listens to `mining.batch_committed` (published by src/mining once a
// batch is stored), evaluates each user of the batch once per batch (never per share), one user
// after another on one queue, and publishes what happened (`game.badge_earned`,
// `game.level_up`). At start it catches up from the stored mining data since its watermark (a
// crash between a mining commit and the game step loses nothing); at each week's deadline
// (Monday 00:00 UTC) the leader re-evaluates recent players so a skipped week ends their streak.
import { gatedRun, scheduleJob, type Job, type LeaderOnly } from "../jobs/schedule.ts";
import { AppError } from "../core/errors.ts";
import { DAY_MS, dayStart, utcDay, WEEK_MS, weekStart, type Clock } from "../core/time.ts";
import type { Repos, UserBadgeRow, UserGamificationRow } from "../db/repos.ts";
import { createEventBus, type EventBus, type EventSource } from "../events.ts";
import type { Logger } from "../log.ts";
import type { MiningEventMap } from "../mining/committed.ts";
import { BADGE_BY_SLUG, BADGES, type BadgeDef } from "./badges.ts";
import { awardBadge, emptyState, onlySharesChanged, refreshTotals, type BatchDelta, type StepResult } from "./engine.ts";
import { evaluateChunk, type ChunkItem, type PhaseTimes } from "./chunk.ts";
import { levelFor, NAMED_LEVELS, xpForLevel } from "./levels.ts";
import { currentStreakAt } from "./streaks.ts";
import { recordOutcome, recordOutcomes, type Written } from "./outcomes.ts";
import { notificationOf, wants, writeNotification, type NotificationJson } from "./notify.ts";
import { renderFeed, writeFeed, type FeedEntryJson } from "./feed.ts";
import type { BadgeStatRow, FeedRow, NotificationRow } from "../db/repos.ts";

/** game_progress key: start of the UTC day from which a catch-up re-evaluates (unix ms). */
export const WATERMARK_KEY = "catchup_from";
/** The streak deadline: every Monday 00:00 UTC. */
export const WEEK_DEADLINE_CRON = "0 0 * * 1";
/** Streak at risk: Sunday 18:00 UTC, six hours before the deadline. */
export const STREAK_AT_RISK_CRON = "0 18 * * 0";
/** badge_stats refresh: daily 01:00 UTC (and at start when older than a day). */
export const BADGE_STATS_CRON = "0 1 * * *";
/** game_progress key prefix: the last badge earned time the player has seen celebrated. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * Users evaluated per transaction (as one set, chunk.ts). SQLite answers synchronously, so a
 * chunk holds the event loop (and the mining writer's lock) for its whole length: 100 users is
 * ~10 ms. PostgreSQL's cost is round trips, not the loop: bigger chunks, fewer trips.
 */
const STEP_CHUNK = { sqlite: 100, postgres: 250 } as const;
/** Chunks in flight at once on PostgreSQL (separate connections; SQLite has one writer). */
const PG_PARALLEL_CHUNKS = 4;
const CELEBRATED_KEY = (userId: number) => `celebrated:${userId}`;

export interface GameEventMap {
  "game.badge_earned": { userId: number; slug: string; at: number };
  "game.level_up": { userId: number; from: number; to: number; title: string; at: number };
  /** A notification row was committed (the WebSocket hub and the Telegram bot deliver it). */
  "game.notification": { userId: number; notification: { id: number; type: string; title: string; body: string; data: Record<string, unknown> | null; createdAt: number } };
  /** A feed row was committed; `text` names the actor as the public sees them ("A miner" when hidden). */
  "game.feed": { entry: { id: number; kind: string; userId: number | null; text: string; data: Record<string, unknown> | null; createdAt: number } };
}

export interface GameDeps {
  repos: Repos;
  log: Logger;
  now?: Clock;
  /** Wraps the weekly job so only the leader runs it (src/cluster leadership.leaderOnly); runs always when absent. */
  leaderOnly?: LeaderOnly;
  /** Where each chunk's time went, in ms (bench/game.ts profiles with it). */
  onChunk?: (t: ChunkTimes) => void;
}

/** One chunk's phases: reads of stored facts, rules in memory, grant writes, notifications/feed rows, commit, announcing. */
export type ChunkTimes = PhaseTimes & { users: number; outcomes: number; commit: number; publish: number; total: number };

export interface BadgeView {
  def: BadgeDef;
  earned: UserBadgeRow | null;
  holders: number;
  players: number;
  /** badge_stats' percentage of players holding it (refreshed daily). */
  percentage: number;
}

export interface PeriodBest {
  difficulty: number;
  achievedAt: number;
  worker: string | null;
}


export interface Game {
  events: EventSource<GameEventMap>;
  /** Subscribes to the mining events (the mining service's `events`). */
  attach(events: EventSource<MiningEventMap>): void;
  /** Re-evaluates every user with stored shares since the watermark, then moves it to today. */
  catchUp(): Promise<{ users: number }>;
  /** Starts the weekly deadline job. */
  start(): void;
  /** Waits for queued work and stops the job. */
  stop(): Promise<void>;
  /** Resolves when every event received so far is processed. */
  idle(): Promise<void>;
  /** Re-evaluates the players of the last two weeks (what the deadline job runs). */
  weekDeadline(): Promise<{ users: number }>;
  /** For the features that own the other triggers (lessons, World Cup, cooperatives): idempotent per (user, slug). */
  grantBadge(userId: number, slug: string, ref: string): Promise<boolean>;
  adminGrant(admin: { id: number }, userId: number, slug: string, client: { ip?: string; userAgent?: string }): Promise<boolean>;
  adminRevoke(admin: { id: number }, userId: number, slug: string, client: { ip?: string; userAgent?: string }): Promise<boolean>;
  badges(userId: number): Promise<BadgeView[]>;
  badge(userId: number, slug: string): Promise<BadgeView>;
  state(userId: number): Promise<ReturnType<typeof emptyState>>;
  xp(userId: number, opts: { limit: number; beforeId?: number }): ReturnType<Repos["game"]["listXp"]>;
  xpSummary(userId: number): ReturnType<Repos["game"]["xpBySource"]>;
  level(userId: number): Promise<{ info: ReturnType<typeof levelFor>; roadmap: { level: number; title: string; xp: number; reached: boolean }[] }>;
  streaks(userId: number): Promise<{ current: number; longest: number; start: number | null; lastActiveWeek: number | null; thisWeekCounts: boolean; deadline: number }>;
  /** The last 52 weeks (oldest first, this week last) with shares and best difficulty. */
  calendar(userId: number): Promise<{ weekStart: number; shares: number; bestDiff: number }[]>;
  /** Current bests of this week, this month, ever, and since the pool's last block (null: none yet). */
  personalBests(userId: number): Promise<{ week: PeriodBest | null; month: PeriodBest | null; alltime: PeriodBest | null; sinceLastBlock: PeriodBest | null; poolLastBlockAt: number | null }>;
  /**
   * For the features that notify (lottery, competitions…): writes it unless the user switched
   * that type off; idempotent by `ref` per user. Publishes `game.notification` after commit.
   */
  notify(userId: number, type: string, title: string, body: string, data: Record<string, unknown> | null, ref: string): Promise<NotificationJson | null>;
  /** Adds a feed entry (idempotent by `ref`); publishes `game.feed` after commit. */
  addFeed(entry: { kind: string; userId: number | null; action: string; data: Record<string, unknown> | null; global: boolean; ref: string }): Promise<FeedEntryJson | null>;
  notifications(userId: number, opts: { limit: number; beforeId?: number; unreadOnly?: boolean }): Promise<NotificationRow[]>;
  unreadCount(userId: number): Promise<number>;
  markRead(userId: number, id: number): Promise<boolean>;
  markAllRead(userId: number): Promise<number>;
  /** The feed, names as `viewerId` may see them. */
  feed(scope: { scope: "global" } | { scope: "user"; userId: number }, viewerId: number | null, limit: number, beforeId?: number): Promise<{ entries: FeedEntryJson[]; hasMore: boolean }>;
  /** Notifies every player whose streak ends at the coming deadline (what the Sunday job runs). */
  streakAtRisk(): Promise<{ users: number }>;
  /** Recounts badge_stats (what the daily job runs). */
  refreshBadgeStats(): Promise<BadgeStatRow[]>;
  /** Badges earned since the player last saw them celebrated; marks them seen. */
  takeCelebrations(userId: number): Promise<BadgeView["def"][]>;
}

export function createGame(deps: GameDeps): Game {
  const { repos } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child("game");
  const bus: EventBus<GameEventMap> = createEventBus<GameEventMap>({ onError: (sub, err) => log.warn("game event subscriber failed", { sub, err: String(err) }) });
  let chain: Promise<unknown> = Promise.resolve();
  const offs: (() => void)[] = [];
  let job: Job | null = null;

  /** Runs `fn` after everything queued before it (one evaluation at a time keeps each user's totals exact). */
  const enqueue = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => {});
    return p;
  };

  const announce = (r: StepResult, at: number) => {
    for (const slug of r.badges) bus.publish("game.badge_earned", { userId: r.userId, slug, at });
    if (r.levelUp) bus.publish("game.level_up", { userId: r.userId, ...r.levelUp, at });
  };

  const publishWritten = async (w: Written) => {
    for (const n of w.notifications) bus.publish("game.notification", { userId: n.userId, notification: notificationOf(n) });
    if (w.feed.length > 0) for (const entry of await renderFeed(repos, w.feed, null)) bus.publish("game.feed", { entry });
  };

  /** A block found by one player: everyone else hears of it (their own switch decides), a thousand players per statement. */
  const poolBlockFanout = async (finderId: number, hash: string, at: number) => {
    const ids = (await repos.game.playerIds()).filter((id) => id !== finderId);
    const w: Written = { notifications: [], feed: [] };
    const note = { type: "pool_block", title: "The pool found a block", body: "A miner of this pool found a Bitcoin block solo.", data: JSON.stringify({ block_hash: hash }), ref: `pool_block:${hash}` };
    for (let i = 0; i < ids.length; i += 1000) {
      const part = ids.slice(i, i + 1000);
      const rows = await repos.transaction(async (tx) => {
        const settings = new Map((await tx.game.settingsFor(part)).map((x) => [x.userId, x]));
        return tx.game.insertNotifications(part.filter((id) => wants(note.type, settings.get(id))).map((userId) => ({ userId, ...note, readAt: null, createdAt: at })));
      });
      w.notifications.push(...rows);
      await yieldToLoop();
    }
    await publishWritten(w);
  };

  /**
   * Evaluates users in chunks, each chunk one transaction evaluated as a set (chunk.ts): one
   * commit and a handful of statements per chunk is what keeps up with 1,000 users a batch
   * (bench/game.ts). When a chunk fails it is retried user by user, so a failing user rolls back
   * alone; a chunk is short enough not to hold the database long.
   */
  const stepMany = async (items: ChunkItem[]) => {
    const chunks: (typeof items)[] = [];
    const size = STEP_CHUNK[repos.engine];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    // PostgreSQL runs a few chunks at once on separate connections (their users are disjoint);
    // SQLite has one writer, so one at a time.
    const parallel = repos.engine === "postgres" ? PG_PARALLEL_CHUNKS : 1;
    for (let i = 0; i < chunks.length; i += parallel) {
      await Promise.all(chunks.slice(i, i + parallel).map((c) => stepChunk(c)));
      // SQLite answers synchronously, so a long batch would never leave the microtask queue:
      // let timers (the writer's flush) and web requests run between chunks.
      await yieldToLoop();
    }
    return { users: items.length };
  };

  const stepChunk = async (chunk: ChunkItem[]) => {
    const at = now();
    let results: StepResult[] = [];
    const written: Written = { notifications: [], feed: [] };
    const started = performance.now();
    const times: PhaseTimes = { read: 0, compute: 0, write: 0 };
    let outcomes = 0;
    let bodyDone = 0;
    try {
      // Optimistic: the whole chunk as one set in one transaction, its notifications and feed
      // rows written together at the end.
      const done = await repos.transaction(async (tx) => {
        const rs = await evaluateChunk(tx, chunk, at, times);
        const o = performance.now();
        const w = await recordOutcomes(tx, rs, at);
        bodyDone = performance.now();
        outcomes = bodyDone - o;
        return { rs, w };
      });
      results = done.rs;
      written.notifications.push(...done.w.notifications);
      written.feed.push(...done.w.feed);
    } catch {
      // Someone failed: the chunk rolled back; each user again on their own, the failing one alone.
      results = [];
      bodyDone = 0;
      for (const item of chunk) {
        try {
          // Read afresh: the failed attempt's reads may no longer hold.
          const one = await repos.transaction(async (tx) => {
            const [r] = await evaluateChunk(tx, [{ userId: item.userId, sinceDay: item.sinceDay }], at);
            return { r: r!, w: await recordOutcome(tx, r!, at) };
          });
          results.push(one.r);
          written.notifications.push(...one.w.notifications);
          written.feed.push(...one.w.feed);
        } catch (err) {
          // The next catch-up (or batch of this user) evaluates them again.
          log.error("game step failed; the next start catches up", { user: item.userId, err: String(err) });
        }
      }
    }
    const committed = performance.now();
    // The chunk's rows announced together: one name lookup for all its feed entries.
    for (const r of results) announce(r, at);
    await publishWritten(written);
    const published = performance.now();
    deps.onChunk?.({
      users: chunk.length, ...times, outcomes, commit: bodyDone > 0 ? committed - bodyDone : 0, publish: published - committed, total: published - started,
    });
    for (const r of results) for (const hash of r.newBlocks ?? []) await poolBlockFanout(r.userId, hash, at);
  };

  /** A badge granted outside a step (features, admins): its notification and feed entry in the same transaction. */
  const grantInTx = async (tx: Repos, userId: number, d: BadgeDef, ref: string, at: number) => {
    if (!(await awardBadge(tx, userId, d, ref, at))) return null;
    const totals = await refreshTotals(tx, userId, at);
    const r: StepResult = { userId, xpGranted: d.xpReward, badges: [d.slug], levelUp: totals.after.level > totals.before.level ? { from: totals.before.level, to: totals.after.level, title: totals.after.title } : null, state: totals.after };
    return { r, w: await recordOutcome(tx, r, at) };
  };

  /** The fast path: share totals only, many users per transaction. */
  const refreshShares = async (userIds: number[]) => {
    for (let i = 0; i < userIds.length; i += 500) await repos.game.refreshShareTotals(userIds.slice(i, i + 500), now());
  };

  const evaluateMany = (userIds: number[], sinceDay: string) => stepMany(userIds.map((userId) => ({ userId, sinceDay })));

  const def = (slug: string) => {
    const d = BADGE_BY_SLUG.get(slug);
    if (!d) throw new AppError("NOT_FOUND", `No badge "${slug}"`, { reason: "BADGE_NOT_FOUND" });
    return d;
  };

  const view = (d: BadgeDef, mine: UserBadgeRow[], stats: Map<string, BadgeStatRow>): BadgeView => {
    const st = stats.get(d.slug);
    return { def: d, earned: mine.find((b) => b.slug === d.slug) ?? null, holders: st?.holders ?? 0, players: st?.players ?? 0, percentage: st?.percentage ?? 0 };
  };
  const statsMap = async () => new Map((await repos.game.badgeStats()).map((r) => [r.slug, r]));
  const jobs: Job[] = [];

  const game: Game = {
    events: bus,
    attach(events) {
      offs.push(
        events.on(
          "mining.batch_committed",
          (e) =>
            void enqueue(async () => {
              // One evaluation per user per batch, from the earliest day this batch touched.
              const deltas = new Map<string, BatchDelta>();
              for (const u of e.users) {
                let d = deltas.get(u.address);
                if (!d) deltas.set(u.address, (d = { days: [], acceptedShares: 0, bestDiff: 0, blocks: 0 }));
                if (!d.days.includes(u.day)) d.days.push(u.day);
                d.acceptedShares += u.acceptedShares;
                d.bestDiff = Math.max(d.bestDiff, u.bestDiff);
                d.blocks += u.blocks;
              }
              const ids = await repos.game.userIdsByAddress([...deltas.keys()]);
              const states = new Map((await repos.game.statesFor([...ids.values()])).map((st) => [st.userId, st]));
              const full: { userId: number; sinceDay: string; prior: UserGamificationRow | null }[] = [];
              const light: number[] = [];
              for (const [address, d] of deltas) {
                const userId = ids.get(address);
                if (userId === undefined) continue;
                if (onlySharesChanged(states.get(userId), d, now())) light.push(userId);
                else full.push({ userId, sinceDay: d.days.reduce((a, b) => (b < a ? b : a)), prior: states.get(userId) ?? null });
              }
              await refreshShares(light);
              await stepMany(full);
            }),
          { name: "game:batch_committed", keep: () => true },
        ),
      );
    },
    catchUp: () =>
      enqueue(async () => {
        const startedAt = now();
        const from = (await repos.game.getProgress(WATERMARK_KEY)) ?? 0;
        const sinceDay = utcDay(from);
        const users = await repos.game.usersActiveSince(sinceDay);
        const r = await evaluateMany(users, sinceDay);
        await repos.game.setProgress(WATERMARK_KEY, dayStart(startedAt));
        if (users.length > 0) log.info("caught up from stored mining data", { since: sinceDay, users: users.length });
        return r;
      }),
    weekDeadline: () =>
      enqueue(async () => {
        const sinceDay = utcDay(weekStart(now()) - 2 * WEEK_MS);
        return evaluateMany(await repos.game.usersActiveSince(sinceDay), sinceDay);
      }),
    start() {
      if (job) return;
      const gate = { log, leaderOnly: deps.leaderOnly };
      job = scheduleJob("game-week-deadline", WEEK_DEADLINE_CRON, () => game.weekDeadline(), gate);
      jobs.push(scheduleJob("game-streak-at-risk", STREAK_AT_RISK_CRON, () => game.streakAtRisk(), gate));
      const stats = gatedRun("game-badge-stats", () => game.refreshBadgeStats(), gate);
      jobs.push(scheduleJob("game-badge-stats", BADGE_STATS_CRON, () => game.refreshBadgeStats(), gate));
      // At start: refresh when never done or older than a day (a restart across 01:00 UTC misses the job).
      void repos.game
        .badgeStats()
        .then((rows) => (rows.length < BADGES.length || rows.some((r) => r.updatedAt < now() - DAY_MS) ? stats() : undefined))
        .catch((err) => log.error("badge stats refresh failed", { err: String(err) }));
    },
    async stop() {
      job?.stop();
      job = null;
      for (const j of jobs) j.stop();
      jobs.length = 0;
      for (const off of offs) off();
      offs.length = 0;
      await chain;
      await bus.drain();
    },
    async idle() {
      await chain;
      await bus.drain();
    },
    grantBadge: (userId, slug, ref) =>
      enqueue(async () => {
        const d = def(slug);
        const at = now();
        const done = await repos.transaction((tx) => grantInTx(tx, userId, d, ref, at));
        if (done === null) return false;
        announce(done.r, at);
        await publishWritten(done.w);
        return true;
      }),
    adminGrant: (admin, userId, slug, client) =>
      enqueue(async () => {
        const d = def(slug);
        const at = now();
        const r = await repos.transaction(async (tx) => {
          if (!(await tx.users.findUserById(userId))) throw new AppError("NOT_FOUND", "No such user", { reason: "USER_NOT_FOUND" });
          const done = await grantInTx(tx, userId, d, `admin:${admin.id}`, at);
          if (done === null) return null;
          await tx.auth.insertAudit({ userId: admin.id, action: "admin_action", ipAddress: client.ip ?? null, userAgent: client.userAgent ?? null, metadata: JSON.stringify({ op: "badge_granted", target_user_id: userId, slug }), createdAt: at });
          return done;
        });
        if (r === null) return false;
        announce(r.r, at);
        await publishWritten(r.w);
        return true;
      }),
    adminRevoke: (admin, userId, slug, client) =>
      enqueue(async () => {
        const d = def(slug);
        const at = now();
        return repos.transaction(async (tx) => {
          if (!(await tx.users.findUserById(userId))) throw new AppError("NOT_FOUND", "No such user", { reason: "USER_NOT_FOUND" });
          if (!(await tx.game.deleteBadge(userId, slug))) return false;
          // The ledger is append-only: a revoke is a correcting row (its ref makes each revoke unique).
          if (d.xpReward > 0) await tx.game.grantXp({ userId, source: "badge_revoked", amount: -d.xpReward, ref: `${slug}@${at}`, createdAt: at });
          await refreshTotals(tx, userId, at);
          await tx.auth.insertAudit({ userId: admin.id, action: "admin_action", ipAddress: client.ip ?? null, userAgent: client.userAgent ?? null, metadata: JSON.stringify({ op: "badge_revoked", target_user_id: userId, slug }), createdAt: at });
          return true;
        });
      }),
    async badges(userId) {
      const [mine, stats] = await Promise.all([repos.game.listBadges(userId), statsMap()]);
      return BADGES.map((d) => view(d, mine, stats));
    },
    async badge(userId, slug) {
      const d = def(slug);
      const [mine, stats] = await Promise.all([repos.game.listBadges(userId), statsMap()]);
      return view(d, mine, stats);
    },
    state: async (userId) => (await repos.game.getState(userId)) ?? emptyState(userId, now()),
    xp: (userId, opts) => repos.game.listXp({ userId, ...opts }),
    xpSummary: (userId) => repos.game.xpBySource(userId),
    async level(userId) {
      const s = await game.state(userId);
      const info = levelFor(s.totalXp);
      return { info, roadmap: NAMED_LEVELS.map((n) => ({ level: n.level, title: n.title, xp: xpForLevel(n.level), reached: info.level >= n.level })) };
    },
    async streaks(userId) {
      const s = await game.state(userId);
      const t = now();
      return {
        current: currentStreakAt(s, t), longest: s.longestStreak, start: currentStreakAt(s, t) > 0 ? s.streakStart : null, lastActiveWeek: s.lastActiveWeek,
        thisWeekCounts: s.lastActiveWeek === weekStart(t), deadline: weekStart(t) + WEEK_MS,
      };
    },
    async calendar(userId) {
      const first = weekStart(now()) - 51 * WEEK_MS;
      const rows = new Map((await repos.game.weeks(userId, first)).map((w) => [w.weekStart, w]));
      return Array.from({ length: 52 }, (_, i) => {
        const w = first + i * WEEK_MS;
        const r = rows.get(w);
        return { weekStart: w, shares: r?.shares ?? 0, bestDiff: r?.bestDiff ?? 0 };
      });
    },
    async personalBests(userId) {
      const t = now();
      const { rows, poolLastBlockAt } = await repos.game.personalBests(userId);
      const d = new Date(t);
      // A row from an earlier week/month/block era is history, not the current best.
      const current: Record<string, number> = { week: weekStart(t), month: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), alltime: 0, block: poolLastBlockAt ?? 0 };
      const get = (period: string): PeriodBest | null => {
        const r = rows.find((x) => x.period === period);
        return r && r.periodStart >= (current[period] ?? 0) ? { difficulty: r.bestDifficulty, achievedAt: r.achievedAt, worker: r.workerName } : null;
      };
      return { week: get("week"), month: get("month"), alltime: get("alltime"), sinceLastBlock: get("block"), poolLastBlockAt };
    },
    async notify(userId, type, title, body, data, ref) {
      const at = now();
      const row = await repos.transaction((tx) => writeNotification(tx, userId, { type, title, body, data, ref }, at));
      if (!row) return null;
      await publishWritten({ notifications: [row], feed: [] });
      return notificationOf(row);
    },
    async addFeed(entry) {
      const at = now();
      const row = await repos.transaction((tx) => writeFeed(tx, entry, at));
      if (!row) return null;
      await publishWritten({ notifications: [], feed: [row] });
      return (await renderFeed(repos, [row], null))[0] ?? null;
    },
    notifications: (userId, opts) => repos.game.listNotifications({ userId, ...opts }),
    unreadCount: (userId) => repos.game.unreadCount(userId),
    markRead: (userId, id) => repos.game.markRead(userId, id, now()),
    markAllRead: (userId) => repos.game.markAllRead(userId, now()),
    async feed(scope, viewerId, limit, beforeId) {
      const rows: FeedRow[] = await repos.game.listFeed(scope, limit + 1, beforeId);
      return { entries: await renderFeed(repos, rows.slice(0, limit), viewerId), hasMore: rows.length > limit };
    },
    streakAtRisk: () =>
      enqueue(async () => {
        // Queued behind every batch received so far: a share this week has been counted by now.
        const t = now();
        const week = weekStart(t);
        const users = await repos.game.usersLastActiveIn(week - WEEK_MS);
        for (const u of users) {
          if (u.currentStreak < 1) continue;
          const weeks = u.currentStreak;
          await game.notify(u.userId, "streak_at_risk", "Your streak is at risk", `No share yet this week: mine one before Monday 00:00 UTC to keep your ${weeks}-week streak.`, { weeks, deadline: new Date(week + WEEK_MS).toISOString() }, `streak_at_risk:${utcDay(week)}`);
        }
        return { users: users.length };
      }),
    refreshBadgeStats: () => enqueue(() => repos.game.refreshBadgeStats(BADGES.map((d) => d.slug), now())),
    async takeCelebrations(userId) {
      const seen = (await repos.game.getProgress(CELEBRATED_KEY(userId))) ?? 0;
      const fresh = (await repos.game.listBadges(userId)).filter((b) => b.earnedAt > seen);
      if (fresh.length === 0) return [];
      await repos.game.setProgress(CELEBRATED_KEY(userId), Math.max(...fresh.map((b) => b.earnedAt)));
      return fresh.map((b) => BADGE_BY_SLUG.get(b.slug)).filter((d): d is BadgeDef => d !== undefined);
    },
  };
  return game;
}
