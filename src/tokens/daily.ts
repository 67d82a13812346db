// Daily rewards (seed 000 §Daily Rewards System): one claim per UTC day; the streak continues
// when the previous claim was at most 48 hours ago (the seed's grace period) and restarts at 1
// otherwise; the reward is the base times the multiplier of the highest streak mark reached.
import type { DailyRewardRow } from "../db/repos.ts";
import { HOUR_MS } from "../core/time.ts";
import { tokens } from "./units.ts";

export const DAILY_BASE = tokens(100);
export const GRACE_MS = 48 * HOUR_MS;

/** Seed 000 streakMultipliers, in basis points: day 1 ×1, 7 ×1.5, 14 ×2, 30 ×3, 60 ×5, 90 ×7. */
export const STREAK_MULTIPLIERS = [
  { days: 1, bp: 10_000 },
  { days: 7, bp: 15_000 },
  { days: 14, bp: 20_000 },
  { days: 30, bp: 30_000 },
  { days: 60, bp: 50_000 },
  { days: 90, bp: 70_000 },
] as const;

export function multiplierBp(streak: number): number {
  let bp: number = STREAK_MULTIPLIERS[0].bp;
  for (const m of STREAK_MULTIPLIERS) if (streak >= m.days) bp = m.bp;
  return bp;
}

export const rewardFor = (streak: number) => Math.floor((DAILY_BASE * multiplierBp(streak)) / 10_000);

/** The streak a claim at `at` would have (the row as stored; lastClaimAt 0 = never claimed). */
export function nextStreak(row: Pick<DailyRewardRow, "streakCount" | "lastClaimAt">, at: number): number {
  if (row.lastClaimAt <= 0) return 1;
  return at - row.lastClaimAt <= GRACE_MS ? row.streakCount + 1 : 1;
}

/** The streak still standing at `at` (0 once the grace period has passed). */
export function standingStreak(row: Pick<DailyRewardRow, "streakCount" | "lastClaimAt">, at: number): number {
  return row.lastClaimAt > 0 && at - row.lastClaimAt <= GRACE_MS ? row.streakCount : 0;
}
