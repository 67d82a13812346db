// The game, assembled. It listens to `mining.batch_committed` (published by src/mining once a
// batch is stored), evaluates each user of the batch once per batch (never per share), one user
// after another on one queue, and publishes what happened (`game.badge_earned`,
// `game.level_up`). At start it catches up from the stored mining data since its watermark (a
// crash between a mining commit and the game step loses nothing); at each week's deadline
// (Monday 00:00 UTC) the leader re-evaluates recent players so a skipped week ends their streak.
import { Cron } from "croner";
import { AppError } from "../core/errors.ts";
import { dayStart, utcDay, WEEK_MS, weekStart, type Clock } from "../core/time.ts";
import type { Repos, UserBadgeRow } from "../db/repos.ts";
import { createEventBus, type EventBus, type EventSource } from "../events.ts";
import type { Logger } from "../log.ts";
import type { MiningEventMap } from "../mining/committed.ts";
import { BADGE_BY_SLUG, BADGES, type BadgeDef } from "./badges.ts";
import { awardBadge, emptyState, evaluateUser, refreshTotals, type StepResult } from "./engine.ts";
import { levelFor, NAMED_LEVELS, xpForLevel } from "./levels.ts";
import { currentStreakAt } from "./streaks.ts";

/** game_progress key: start of the UTC day from which a catch-up re-evaluates (unix ms). */
export const WATERMARK_KEY = "catchup_from";
/** The streak deadline: every Monday 00:00 UTC. */
export const WEEK_DEADLINE_CRON = "0 0 * * 1";

export interface GameEventMap {
  "game.badge_earned": { userId: number; slug: string; at: number };
  "game.level_up": { userId: number; from: number; to: number; title: string; at: number };
  "game.notification": { userId: number; notification: { id: number; type: string; title: string; body: string; data: Record<string, unknown> | null; createdAt: number } };
  "game.feed": { entry: { id: number; kind: string; userId: number | null; text: string; data: Record<string, unknown> | null; createdAt: number } };
}

export interface GameDeps {
  repos: Repos;
  log: Logger;
  now?: Clock;
  /** Wraps the weekly job so only the leader runs it (src/cluster leadership.leaderOnly); runs always when absent. */
  leaderOnly?: <A extends unknown[]>(name: string, fn: (...args: A) => unknown) => (...args: A) => Promise<void>;
}

export interface BadgeView {
  def: BadgeDef;
  earned: UserBadgeRow | null;
  holders: number;
  players: number;
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
}

export function createGame(deps: GameDeps): Game {
  const { repos } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child("game");
  const bus: EventBus<GameEventMap> = createEventBus<GameEventMap>({ onError: (sub, err) => log.warn("game event subscriber failed", { sub, err: String(err) }) });
  let chain: Promise<unknown> = Promise.resolve();
  const offs: (() => void)[] = [];
  let job: Cron | null = null;

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

  const step = async (userId: number, sinceDay: string) => {
    const at = now();
    const r = await evaluateUser(repos, userId, sinceDay, at);
    announce(r, at);
    return r;
  };

  const evaluateMany = async (userIds: number[], sinceDay: string) => {
    for (const id of userIds) {
      try {
        await step(id, sinceDay);
      } catch (err) {
        // The next catch-up (or batch of this user) evaluates them again.
        log.error("game step failed", { user: id, err: String(err) });
      }
    }
    return { users: userIds.length };
  };

  const def = (slug: string) => {
    const d = BADGE_BY_SLUG.get(slug);
    if (!d) throw new AppError("NOT_FOUND", `No badge "${slug}"`, { reason: "BADGE_NOT_FOUND" });
    return d;
  };

  const view = async (userId: number, d: BadgeDef, mine: UserBadgeRow[], counts: Record<string, number>, players: number): Promise<BadgeView> => ({
    def: d, earned: mine.find((b) => b.slug === d.slug) ?? null, holders: counts[d.slug] ?? 0, players,
  });

  const game: Game = {
    events: bus,
    attach(events) {
      offs.push(
        events.on(
          "mining.batch_committed",
          (e) =>
            void enqueue(async () => {
              // One step per user per batch, from the earliest day this batch touched.
              const first = new Map<string, string>();
              for (const u of e.users) {
                const d = first.get(u.address);
                if (d === undefined || u.day < d) first.set(u.address, u.day);
              }
              for (const [address, day] of first) {
                const user = await repos.users.findUserByAddress(address);
                if (!user) continue;
                try {
                  await step(user.id, day);
                } catch (err) {
                  log.error("game step failed; the next start catches up", { user: user.id, err: String(err) });
                }
              }
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
      const run = deps.leaderOnly ? deps.leaderOnly("game-week-deadline", () => game.weekDeadline()) : () => game.weekDeadline().then(() => undefined);
      job = new Cron(WEEK_DEADLINE_CRON, { timezone: "UTC", protect: true }, () => void run());
    },
    async stop() {
      job?.stop();
      job = null;
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
        const r = await repos.transaction(async (tx) => {
          if (!(await awardBadge(tx, userId, d, ref, at))) return null;
          return refreshTotals(tx, userId, at);
        });
        if (r === null) return false;
        announce({ userId, xpGranted: d.xpReward, badges: [slug], levelUp: r.after.level > r.before.level ? { from: r.before.level, to: r.after.level, title: r.after.title } : null, state: r.after }, at);
        return true;
      }),
    adminGrant: (admin, userId, slug, client) =>
      enqueue(async () => {
        const d = def(slug);
        const at = now();
        const r = await repos.transaction(async (tx) => {
          if (!(await tx.users.findUserById(userId))) throw new AppError("NOT_FOUND", "No such user", { reason: "USER_NOT_FOUND" });
          if (!(await awardBadge(tx, userId, d, `admin:${admin.id}`, at))) return null;
          const totals = await refreshTotals(tx, userId, at);
          await tx.auth.insertAudit({ userId: admin.id, action: "admin_action", ipAddress: client.ip ?? null, userAgent: client.userAgent ?? null, metadata: JSON.stringify({ op: "badge_granted", target_user_id: userId, slug }), createdAt: at });
          return totals;
        });
        if (r === null) return false;
        announce({ userId, xpGranted: d.xpReward, badges: [slug], levelUp: r.after.level > r.before.level ? { from: r.before.level, to: r.after.level, title: r.after.title } : null, state: r.after }, at);
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
      const [mine, counts, players] = await Promise.all([repos.game.listBadges(userId), repos.game.badgeCounts(), repos.game.players()]);
      return Promise.all(BADGES.map((d) => view(userId, d, mine, counts, players)));
    },
    async badge(userId, slug) {
      const d = def(slug);
      const [mine, counts, players] = await Promise.all([repos.game.listBadges(userId), repos.game.badgeCounts(), repos.game.players()]);
      return view(userId, d, mine, counts, players);
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
  };
  return game;
}
