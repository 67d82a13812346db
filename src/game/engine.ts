// What a game step is and the grants outside one. Steps are evaluated for a chunk of users at a
// time from stored mining data (never from raw pool events), see chunk.ts: every grant is an
// xp_ledger row unique per (user, source, ref) and every badge a user_badges row unique per
// (user, slug), so running a step again — a replayed or duplicated event, a catch-up after a
// crash — grants nothing twice. Totals (user_gamification) are rewritten from the ledger in the
// same transaction.
import { DAY_MS, utcDay } from "../core/time.ts";
import type { Repos, UserGamificationRow } from "../db/repos.ts";
import { BADGES, type BadgeDef } from "./badges.ts";
import { levelFor } from "./levels.ts";

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
