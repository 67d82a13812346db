// Ranking rules, pure: from per-user scores and what each user shows, the ordered board, the
// country table, a user's place and the users around them.
//
// Order: higher score first; equal scores share a rank (1, 2, 2, 4 — "standard competition"
// ranking) and are listed oldest account first (lower user id), so the order never flickers
// between refreshes. Weekly and monthly boards score the best share difficulty, all-time the
// accepted shares (seed 003).
import type { BoardScoreRow, BoardUserRow } from "../db/repos.ts";
import type { Namer } from "./names.ts";

export const PERIODS = ["weekly", "monthly", "alltime"] as const;
export type Period = (typeof PERIODS)[number];

export interface Entry {
  rank: number;
  userId: number;
  name: string;
  country: string | null;
  level: number;
  title: string;
  bestDiff: number;
  totalShares: number;
  score: number;
}

export interface Board {
  period: Period;
  /** First day of the period (ms; 0 for all time). */
  start: number;
  updatedAt: number;
  entries: Entry[];
  /** userId → index in entries. */
  index: Map<number, number>;
}

const FALLBACK: Omit<BoardUserRow, "id"> = { btcAddress: null, displayName: null, countryCode: null, signedIn: false, showProfile: false, showCountry: false, level: 1, title: "Nocoiner" };

/** What a board shows of a user, worked out once per refresh and shared by the three boards. */
export type PublicFace = Pick<Entry, "name" | "country" | "level" | "title">;

export function rankBoard(period: Period, start: number, at: number, scores: BoardScoreRow[], users: Map<number, BoardUserRow>, namer: Namer, faces = new Map<number, PublicFace>()): Board {
  const score = (s: BoardScoreRow) => (period === "alltime" ? s.totalShares : s.bestDiff);
  const sorted = scores.slice().sort((a, b) => score(b) - score(a) || a.userId - b.userId);
  const entries: Entry[] = new Array(sorted.length);
  const index = new Map<number, number>();
  let rank = 0;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    if (i === 0 || score(s) !== score(sorted[i - 1]!)) rank = i + 1;
    let f = faces.get(s.userId);
    if (!f) {
      const u = users.get(s.userId) ?? { id: s.userId, ...FALLBACK };
      f = { name: namer.publicName(u), country: namer.publicCountry(u), level: u.level, title: u.title };
      faces.set(s.userId, f);
    }
    entries[i] = { rank, userId: s.userId, name: f.name, country: f.country, level: f.level, title: f.title, bestDiff: s.bestDiff, totalShares: s.totalShares, score: score(s) };
    index.set(s.userId, i);
  }
  return { period, start, updatedAt: at, entries, index };
}

/** Share of the board ranked at or below you, in whole percent: 100 for the top, ≥ 1 for anyone on it. */
export function percentile(rank: number, total: number): number {
  return total === 0 ? 0 : Math.max(1, Math.floor((100 * (total - rank + 1)) / total));
}

/** `radius` users either side of `userId`; at an edge the window slides so it keeps its size. */
export function neighbors(board: Board, userId: number, radius: number): Entry[] | null {
  const i = board.index.get(userId);
  if (i === undefined) return null;
  const size = 2 * radius + 1;
  const n = board.entries.length;
  const start = Math.max(0, Math.min(i - radius, n - size));
  return board.entries.slice(start, Math.min(n, start + size));
}

export interface CountryRow {
  countryCode: string;
  rank: number;
  totalMiners: number;
  totalShares: number;
  bestDiff: number;
}

/** Miners who show their country, summed per country; most shares first (ties: country code). */
export function rankCountries(board: Board): CountryRow[] {
  const by = new Map<string, CountryRow>();
  for (const e of board.entries) {
    if (e.country === null) continue;
    const c = by.get(e.country) ?? { countryCode: e.country, rank: 0, totalMiners: 0, totalShares: 0, bestDiff: 0 };
    c.totalMiners++;
    c.totalShares += e.totalShares;
    c.bestDiff = Math.max(c.bestDiff, e.bestDiff);
    by.set(e.country, c);
  }
  const rows = [...by.values()].sort((a, b) => b.totalShares - a.totalShares || (a.countryCode < b.countryCode ? -1 : 1));
  let rank = 0;
  rows.forEach((r, i) => {
    if (i === 0 || r.totalShares !== rows[i - 1]!.totalShares) rank = i + 1;
    r.rank = rank;
  });
  return rows;
}
