// One user's game step, evaluated from stored mining data (never from raw pool events) inside one
// transaction: every grant is an xp_ledger row unique per (user, source, ref) and every badge a
// user_badges row unique per (user, slug), so running the step again — a replayed or duplicated
// event, a catch-up after a crash — finds everything granted and grants nothing twice. The
// user's totals (user_gamification) are rewritten from the ledger in the same transaction.
import { DAY_MS, utcDay, weekStart } from "../core/time.ts";
import type { MiningFacts, Repos, UserGamificationRow } from "../db/repos.ts";
import { BADGES, type BadgeDef } from "./badges.ts";
import { levelFor } from "./levels.ts";
import { computeStreaks } from "./streaks.ts";
import { XP } from "./xp.ts";

export interface StepResult {
  userId: number;
  xpGranted: number;
  badges: string[];
  levelUp: { from: number; to: number; title: string } | null;
  state: UserGamificationRow;
  /** A new all-time best difficulty this step rewarded (null: none). */
  bestRecord?: number | null;
  /** Monday of this week when this step made it extend a streak of ≥ 2 weeks (null: no). */
  streakExtended?: { week: number; weeks: number } | null;
  /** Blocks this step rewarded for the first time. */
  newBlocks?: string[];
  /** The user's first game step (a new miner). */
  joined?: boolean;
}

const isoDay = (ms: number) => utcDay(ms);

export function emptyState(userId: number, at: number): UserGamificationRow {
  return {
    userId, totalXp: 0, level: 1, title: "Nocoiner", badgesEarned: 0, currentStreak: 0, longestStreak: 0, streakStart: null, lastActiveWeek: null, lastActiveDay: null, lastRecordDay: null,
    totalShares: 0, bestDiff: 0, blocksFound: 0, updatedAt: at,
  };
}

/** Grants a badge and its XP in the caller's transaction; false when the user already had it. */
export async function awardBadge(tx: Repos, userId: number, def: BadgeDef, ref: string, at: number): Promise<boolean> {
  if (!(await tx.game.insertBadge({ userId, slug: def.slug, earnedAt: at, ref }))) return false;
  if (def.xpReward > 0) await tx.game.grantXp({ userId, source: "badge", amount: def.xpReward, ref: def.slug, createdAt: at });
  return true;
}

/** Rewrites the user's totals from the ledger and the badges; returns the new row and the old level. */
export async function refreshTotals(
  tx: Repos, userId: number, at: number, patch: Partial<UserGamificationRow> = {}, known?: UserGamificationRow | null, badgeCount?: number, knownTotal?: number,
): Promise<{ before: UserGamificationRow; after: UserGamificationRow }> {
  const before = (known === undefined ? await tx.game.getState(userId) : known) ?? emptyState(userId, at);
  const total = knownTotal ?? (await tx.game.xpTotal(userId));
  const lv = levelFor(total);
  const badges = badgeCount ?? (await tx.game.listBadges(userId)).length;
  const after: UserGamificationRow = { ...before, ...patch, userId, totalXp: lv.totalXp, level: lv.level, title: lv.title, badgesEarned: badges, updatedAt: at };
  await tx.game.putState(after);
  return { before, after };
}

/**
 * Evaluates one user: daily-share XP for the counted days at or after `sinceDay`, streak bonuses
 * for the counted weeks from that day's week on, block XP, a personal-record bonus, and the
 * evaluated badge triggers (shares_count, best_diff, streak_weeks, block_found).
 */
export async function evaluateUser(
  repos: Repos, userId: number, sinceDay: string, now: number, opts: { inTransaction?: boolean; prior?: UserGamificationRow | null; facts?: MiningFacts } = {},
): Promise<StepResult> {
  const run = <T>(fn: (tx: Repos) => Promise<T>) => (opts.inTransaction ? fn(repos) : repos.transaction(fn));
  return run(async (tx) => {
    // Prefetched facts (a chunk's) may hold days before `sinceDay`: only those from it count here.
    const facts = opts.facts ? { ...opts.facts, activeDays: opts.facts.activeDays.filter((d) => d >= sinceDay) } : await tx.game.miningFacts(userId, sinceDay);
    const prior = opts.prior !== undefined ? opts.prior : ((await tx.game.getState(userId)) ?? null);
    let xp = 0;
    const grant = async (source: string, amount: number, ref: string) => {
      if (await tx.game.grantXp({ userId, source, amount, ref, createdAt: now })) xp += amount;
    };
    for (const day of facts.activeDays) await grant("daily_share", XP.DAILY_SHARE, day);

    const streaks = computeStreaks(facts.activeWeeks, now);
    const fromWeek = weekStart(Date.parse(`${sinceDay}T00:00:00Z`) || 0);
    for (const [week, place] of streaks.runLength) if (week >= fromWeek) await grant("streak_week", XP.STREAK_WEEK_PER_WEEK * place, isoDay(week));

    const newBlocks: string[] = [];
    for (const b of facts.blocks) {
      const before = xp;
      await grant("block", XP.BLOCK_FOUND, b.hash);
      if (xp > before) newBlocks.push(b.hash);
    }

    // A new all-time best over the one this game last saw (the first share sets it, it is no record).
    let bestRecord: number | null = null;
    let lastRecordDay = prior?.lastRecordDay ?? null;
    if (prior !== null && prior.bestDiff > 0 && facts.bestDiff > prior.bestDiff) {
      const before = xp;
      await grant("best_diff_record", XP.BEST_DIFF_RECORD, utcDay(now));
      // Rewarded (and announced) at most once a day, like its XP.
      if (xp > before) bestRecord = facts.bestDiff;
      lastRecordDay = utcDay(now);
    }

    const value = (def: BadgeDef) =>
      def.trigger === "shares_count" ? facts.totalShares : def.trigger === "best_diff" ? facts.bestDiff : def.trigger === "streak_weeks" ? streaks.longest : def.trigger === "block_found" ? facts.blocks.length : null;
    const badges: string[] = [];
    // Every badge or ledger write comes with a state row (refreshTotals), so a user without one
    // has neither: a new player's step skips those reads.
    const held = new Set(prior === null ? [] : (await tx.game.listBadges(userId)).map((b) => b.slug));
    for (const def of BADGES) {
      if (held.has(def.slug)) continue;
      const v = value(def);
      if (v === null || def.threshold === null || v < def.threshold) continue;
      if (await awardBadge(tx, userId, def, utcDay(now), now)) {
        badges.push(def.slug);
        xp += def.xpReward;
      }
    }

    const { before, after } = await refreshTotals(tx, userId, now, {
      currentStreak: streaks.current, longestStreak: Math.max(streaks.longest, prior?.longestStreak ?? 0), streakStart: streaks.start, lastActiveWeek: streaks.lastActiveWeek,
      totalShares: facts.totalShares, bestDiff: Math.max(facts.bestDiff, prior?.bestDiff ?? 0), blocksFound: facts.blocks.length,
      lastRecordDay,
      lastActiveDay: [prior?.lastActiveDay ?? null, facts.activeDays.at(-1) ?? null].reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null),
    }, prior, held.size + badges.length, prior === null ? xp : undefined);
    const levelUp = after.level > before.level ? { from: before.level, to: after.level, title: after.title } : null;
    // This week newly counted and continues last week's run: the streak was extended.
    const thisWeek = weekStart(now);
    const streakExtended = streaks.lastActiveWeek === thisWeek && prior?.lastActiveWeek !== thisWeek && streaks.current >= 2 ? { week: thisWeek, weeks: streaks.current } : null;
    const joined = prior === null && facts.totalShares > 0;
    return { userId, xpGranted: xp, badges, levelUp, state: after, bestRecord, streakExtended, newBlocks, joined };
  });
}

/** The day `ms` falls on, minus `days` (for "evaluate from a little before"). */
export const dayBefore = (ms: number, days: number) => utcDay(ms - days * DAY_MS);

/** What one committed batch brought one user (from `mining.batch_committed`). */
export interface BatchDelta {
  days: string[];
  acceptedShares: number;
  bestDiff: number;
  blocks: number;
}

const SHARE_THRESHOLDS = BADGES.filter((d) => d.trigger === "shares_count" && d.threshold !== null).map((d) => d.threshold!).sort((a, b) => a - b);
const DIFF_THRESHOLDS = BADGES.filter((d) => d.trigger === "best_diff" && d.threshold !== null).map((d) => d.threshold!).sort((a, b) => a - b);

/**
 * True when the batch cannot change anything but the share count and best difficulty: the user
 * was evaluated before, every share is on the day the last evaluation already rewarded (so its
 * week counts too), no block, no badge within reach, and no new best unless today's record XP
 * is paid already. Such a user gets those totals refreshed instead of a full step (bench/game.ts: this is what lets
 * the game keep up with 1,000 users a batch). Anything else takes the full, idempotent step.
 */
export function onlySharesChanged(prior: UserGamificationRow | undefined, d: BatchDelta, now: number): boolean {
  if (!prior || prior.lastActiveDay === null || d.blocks > 0) return false;
  if (d.days.some((day) => day !== prior.lastActiveDay)) return false;
  if (d.bestDiff > prior.bestDiff) {
    // A new best pays once a day: only when today's is paid and no difficulty badge is in reach.
    if (prior.lastRecordDay !== utcDay(now)) return false;
    if (DIFF_THRESHOLDS.some((t) => t > prior.bestDiff && t <= d.bestDiff)) return false;
  }
  const next = SHARE_THRESHOLDS.find((t) => t > prior.totalShares);
  return next === undefined || prior.totalShares + d.acceptedShares < next;
}
