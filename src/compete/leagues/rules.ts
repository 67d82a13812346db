// The league rules in one place: the season calendar, tier names, zones, how a weekly round is
// scored and how a table is ordered. Pure functions; the stored side is service.ts.
//
// Calendar: a season is 4 weekly rounds, Monday 00:00 UTC to Monday 00:00 UTC, counted from
// season 1 starting Monday 2026-01-05.
//
// Round points (each week, inside one league): the clubs with at least one accepted share that
// week are ranked by the sum of their accepted shares' difficulties (difficulty-weighted shares,
// credited at the share's target as hashrate is);
// equal sums share the better place. Place p earns max(1, 11 − p) points (10, 9, … 2, then 1 for
// 10th and below). The club(s) with the league's highest single share difficulty that week earn 5
// more. No accepted share that week: 0 points and the round is not played.
//
// Table order: points, then difficulty-weighted shares over the season, then best share
// difficulty, then placement order (the club placed earlier is ahead).
//
// Zones: at most `promotion_zone` (3) clubs go up and `relegation_zone` (3) go down, but never
// more than a third of the league each; nobody goes up from tier 1 or down from the bottom tier.
import { WEEK_MS } from "../../core/time.ts";

export const ROUNDS_PER_SEASON = 4;
export const SEASON_MS = ROUNDS_PER_SEASON * WEEK_MS;
/** Season 1 starts on this Monday. */
export const SEASON_ANCHOR = Date.UTC(2026, 0, 5);
/** How many clubs a tier is filled to before newcomers go one tier down. */
export const DEFAULT_TIER_SIZE = 20;
export const DEFAULT_ZONE = 3;
/** Placement looks at the week before (the hashrate a player is placed by). */
export const PLACEMENT_HOURS = 24 * 7;
export const ROUND_POINTS_TOP = 10;
export const BEST_SHARE_BONUS = 5;
const HOUR = 3_600_000;

export function seasonOf(at: number): number {
  return Math.floor((at - SEASON_ANCHOR) / SEASON_MS) + 1;
}

export function seasonBounds(season: number): { startsAt: number; endsAt: number } {
  const startsAt = SEASON_ANCHOR + (season - 1) * SEASON_MS;
  return { startsAt, endsAt: startsAt + SEASON_MS };
}

export interface Round {
  round: number;
  startsAt: number;
  endsAt: number;
  fromHour: number;
  toHour: number;
}

export function roundsOf(season: number): Round[] {
  const { startsAt } = seasonBounds(season);
  return Array.from({ length: ROUNDS_PER_SEASON }, (_, i) => {
    const s = startsAt + i * WEEK_MS;
    return { round: i + 1, startsAt: s, endsAt: s + WEEK_MS, fromHour: s / HOUR, toHour: (s + WEEK_MS) / HOUR };
  });
}

const NAMES = ["Diamond", "Platinum", "Gold", "Silver", "Bronze"];
export function tierName(tier: number): string {
  return tier <= NAMES.length ? `${NAMES[tier - 1]} League` : `Bronze League ${tier - NAMES.length + 1}`;
}

export function zones(tier: number, lastTier: number, clubs: number, max: { promotionZone: number; relegationZone: number }): { promote: number; relegate: number } {
  const third = Math.floor(clubs / 3);
  return { promote: tier <= 1 ? 0 : Math.min(max.promotionZone, third), relegate: tier >= lastTier ? 0 : Math.min(max.relegationZone, third) };
}

export interface RoundWork {
  userId: number;
  accepted: number;
  sumDiff: number;
  bestDiff: number;
}

/** One league's round: points per user (only users with accepted shares appear). */
export function roundPoints(work: readonly RoundWork[]): Map<number, number> {
  const played = work.filter((w) => w.accepted > 0).sort((a, b) => b.sumDiff - a.sumDiff);
  const out = new Map<number, number>();
  const best = Math.max(0, ...played.map((w) => w.bestDiff));
  let place = 0;
  played.forEach((w, i) => {
    if (i === 0 || w.sumDiff !== played[i - 1]!.sumDiff) place = i + 1;
    out.set(w.userId, Math.max(1, ROUND_POINTS_TOP + 1 - place) + (best > 0 && w.bestDiff === best ? BEST_SHARE_BONUS : 0));
  });
  return out;
}

export interface Standing {
  clubId: number;
  points: number;
  sumDiff: number;
  bestDiff: number;
}

/** A league's table order (see the header). */
export function tableOrder<T extends Standing>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.points - a.points || b.sumDiff - a.sumDiff || b.bestDiff - a.bestDiff || a.clubId - b.clubId);
}

export type Movement = "promoted" | "relegated" | "stayed";

/** Where the club at `position` (1-based) of `clubs` goes. */
export function movementOf(position: number, clubs: number, z: { promote: number; relegate: number }): Movement {
  if (position <= z.promote) return "promoted";
  if (position > clubs - z.relegate) return "relegated";
  return "stayed";
}
