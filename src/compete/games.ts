// The mini-games: playful reveals of the player's own stored numbers, never chance. The server
// decides every outcome from real data before the animation starts (the page only animates
// towards it); nothing is wagered and no reward depends on a play. Each play is a game_sessions
// row with what it revealed.
import { AppError } from "../core/errors.ts";
import { utcDay, weekStart, type Clock } from "../core/time.ts";
import type { GameSessionRow, Repos } from "../db/repos.ts";
import type { Leaderboards } from "./leaderboards.ts";

export const GAME_TYPES = ["hammer", "horse_race", "slots", "scratch"] as const;
export type GameType = (typeof GAME_TYPES)[number];
/** The hammer's scale tops out at 10^15 (above today's mainnet difficulty, ~1.3·10^14). */
export const HAMMER_TOP_LOG10 = 15;
const PLACE = ["", "1st", "2nd", "3rd"];

export interface PlayResult {
  id: number;
  game: GameType;
  playedAt: number;
  score: number;
  /** What the play shows at its end, in words. */
  summary: string;
  /** The numbers the animation runs to. */
  reveal: Record<string, unknown>;
}

export interface Games {
  play(userId: number, game: GameType): Promise<PlayResult>;
  history(userId: number, opts: { limit: number; beforeId?: number }): Promise<PlayResult[]>;
}

const fmt = (d: number) => {
  if (d <= 0) return "0";
  const units = ["", "K", "M", "G", "T", "P", "E"];
  let i = 0;
  while (d >= 1000 && i < units.length - 1) {
    d /= 1000;
    i++;
  }
  return `${i === 0 ? Number(d.toPrecision(3)) : d.toFixed(d >= 100 ? 0 : d >= 10 ? 1 : 2)}${units[i]}`;
};

export function createGames(deps: { repos: Repos; leaderboards: Leaderboards; now?: Clock }): Games {
  const { repos, leaderboards } = deps;
  const now = deps.now ?? Date.now;

  async function lastLottery(userId: number, at: number) {
    const draws = await repos.ranks.listDraws(4);
    const d = draws.find((x) => x.status === "drawn" && x.weekStart < weekStart(at));
    if (!d) return { week: null as string | null, place: 0 };
    const mine = (await repos.ranks.results(d.id)).find((r) => r.userId === userId);
    return { week: utcDay(d.weekStart), place: mine?.position ?? 0 };
  }

  async function outcome(userId: number, game: GameType, at: number): Promise<{ score: number; summary: string; reveal: Record<string, unknown> }> {
    const ws = weekStart(at);
    switch (game) {
      case "hammer": {
        const best = (await repos.ranks.userWeek(userId, ws))?.bestDiff ?? 0;
        const height = best <= 0 ? 0 : Math.min(1, Math.log10(1 + best) / HAMMER_TOP_LOG10);
        return {
          score: best,
          summary: best > 0 ? `Your best share this week, difficulty ${fmt(best)}, drives the puck to ${Math.round(height * 100)}% of the tower.` : "No accepted share this week yet: the puck stays on the ground.",
          reveal: { best_diff: best, height },
        };
      }
      case "horse_race": {
        const workers = (await repos.ranks.workerShares(userId)).filter((w) => w.shares > 0).sort((a, b) => b.shares - a.shares || (a.name < b.name ? -1 : 1)).slice(0, 6);
        const top = workers[0]?.shares ?? 0;
        return {
          score: workers.length,
          summary: workers.length === 0 ? "No worker has an accepted share yet: no race today." : `${workers[0]!.name || "(unnamed)"} wins with ${top.toLocaleString("en-US")} accepted shares${workers.length > 1 ? ` over ${workers.length - 1} other ${workers.length === 2 ? "worker" : "workers"}` : ", racing alone"}.`,
          reveal: { horses: workers.map((w, i) => ({ name: w.name || "(unnamed)", shares: w.shares, place: i + 1, distance: top > 0 ? w.shares / top : 0 })) },
        };
      }
      case "slots":
      case "scratch": {
        const [rank, lottery, week] = await Promise.all([leaderboards.myRank("weekly", userId), lastLottery(userId, at), repos.ranks.userWeek(userId, ws)]);
        const tickets = week?.totalShares ?? 0;
        const rankText = rank ? `#${rank.rank} of ${rank.participants} this week` : "not ranked this week yet";
        const lotText = lottery.week === null ? "no lottery drawn yet" : lottery.place > 0 ? `${PLACE[lottery.place]} place in the lottery of ${lottery.week}` : `no prize in the lottery of ${lottery.week}`;
        return {
          score: game === "slots" ? (rank?.rank ?? 0) : lottery.place,
          summary: `${lotText[0]!.toUpperCase()}${lotText.slice(1)}; ${rankText}; ${tickets.toLocaleString("en-US")} tickets for this week's draw.`,
          reveal: { rank: rank?.rank ?? null, participants: rank?.participants ?? 0, lottery_week: lottery.week, lottery_place: lottery.place, tickets },
        };
      }
    }
  }

  const view = (r: GameSessionRow): PlayResult => {
    const m = JSON.parse(r.metadata) as { summary: string; reveal: Record<string, unknown> };
    return { id: r.id, game: r.gameType as GameType, playedAt: r.startedAt, score: r.score ?? 0, summary: m.summary, reveal: m.reveal };
  };

  return {
    async play(userId, game) {
      if (!GAME_TYPES.includes(game)) throw new AppError("VALIDATION", `No game "${game}"`, { reason: "GAME_UNKNOWN" });
      const at = now();
      const o = await outcome(userId, game, at);
      return view(await repos.ranks.insertSession({ userId, gameType: game, startedAt: at, endedAt: at, score: o.score, metadata: JSON.stringify({ summary: o.summary, reveal: o.reveal }) }));
    },
    history: async (userId, opts) => (await repos.ranks.listSessions({ userId, ...opts })).map(view),
  };
}
