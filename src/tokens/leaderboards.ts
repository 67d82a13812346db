// Token leaderboards (seed 000 §Leaderboard: TOKENS, POWER, REFERRALS, STREAK × DAILY, WEEKLY,
// MONTHLY, ALL_TIME), read live from the activity counters the ledger keeps per period (UTC
// day, ISO week from Monday, calendar month, all time):
//  - TOKENS: tokens earned in the period (every credit; spending does not lower it);
//  - REFERRALS: friends who joined with the player's code in the period;
//  - POWER: the highest total character power the player reached in the period;
//  - STREAK: the longest daily-reward streak the player reached in the period.
// Ties go to whoever got there first (lower user id). These are the tap game's boards; the
// pool's own leaderboards live at /api/v1/leaderboard/* (singular).
import type { ActivityColumn, Repos } from "../db/repos.ts";
import type { Clock } from "../core/time.ts";
import { periodKey, PERIODS, type Period } from "./activity.ts";

export const BOARD_TYPES = ["TOKENS", "POWER", "REFERRALS", "STREAK"] as const;
export type BoardType = (typeof BOARD_TYPES)[number];
export { PERIODS, type Period };

const COLUMN: Record<BoardType, ActivityColumn> = { TOKENS: "earned", POWER: "power", REFERRALS: "referrals", STREAK: "streak" };

export interface BoardEntry {
  rank: number;
  userId: number;
  name: string | null;
  score: number;
}

export interface TokenBoards {
  board(type: BoardType, period: Period, limit: number): Promise<{ key: string; entries: BoardEntry[] }>;
  /** The caller's score and rank on every board of every period (rank null without a score). */
  mine(userId: number): Promise<{ type: BoardType; period: Period; score: number; rank: number | null }[]>;
}

export function createTokenBoards(deps: { repos: Repos; now: Clock }): TokenBoards {
  const { repos, now } = deps;
  return {
    async board(type, period, limit) {
      const key = periodKey(period, now());
      const rows = await repos.tokens.topActivity(key, COLUMN[type], limit);
      return { key, entries: rows.map((r, i) => ({ rank: i + 1, userId: r.userId, name: r.displayName, score: r.value })) };
    },
    async mine(userId) {
      const at = now();
      const keys = PERIODS.map((p) => periodKey(p, at));
      const rows = await repos.tokens.getActivity(userId, keys);
      const out: { type: BoardType; period: Period; score: number; rank: number | null }[] = [];
      for (const period of PERIODS) {
        const key = periodKey(period, at);
        const row = rows.find((r) => r.period === key);
        for (const type of BOARD_TYPES) {
          const score = Number(row?.[COLUMN[type]] ?? 0);
          // Rank = players strictly ahead + 1 (equal scores share the better rank here).
          out.push({ type, period, score, rank: score > 0 ? (await repos.tokens.countAhead(key, COLUMN[type], score)) + 1 : null });
        }
      }
      return out;
    },
  };
}
