// Leaderboards: computed every 5 minutes from stored mining data into memory (every request is
// answered from there), and — on the instance that runs the scheduled jobs — stored as a
// snapshot (the top of each board and the country table, kept 30 days). Every instance keeps its
// own in-memory copy (the computation only reads), so followers answer `me` and `neighbors` too.
import { scheduleJob, type Job } from "../jobs/schedule.ts";
import { DAY_MS, monthStart, utcDay, weekStart, type Clock } from "../core/time.ts";
import type { BoardUserRow, Repos } from "../db/repos.ts";
import { createEventBus, type EventBus, type EventSource } from "../events.ts";
import type { Logger } from "../log.ts";
import { PERIODS, percentile, rankBoard, rankCountries, type Board, type CountryRow, type Period, type PublicFace } from "./boards.ts";
import { namerFrom, type Namer } from "./names.ts";

export const REFRESH_CRON = "*/5 * * * *";
/** How many rows of each board a snapshot keeps (seed 003: the top 100). */
export const SNAPSHOT_TOP = 100;
export const SNAPSHOT_KEEP_MS = 30 * DAY_MS;

export interface RanksEventMap {
  /** A signed-in user's place on a board moved (not announced for their first appearance). */
  "ranks.rank_changed": { userId: number; period: Period; from: number; to: number; at: number };
  "ranks.updated": { at: number; participants: Record<Period, number> };
}

export interface LeaderboardDeps {
  repos: Repos;
  log: Logger;
  now?: Clock;
  /** Whether this instance stores snapshots (the leader); always when absent. */
  isLeader?: () => boolean;
}

export interface MyRank {
  rank: number;
  bestDiff: number;
  totalShares: number;
  percentile: number;
  participants: number;
}

export interface Leaderboards {
  events: EventSource<RanksEventMap>;
  /** Recomputes every board; stores a snapshot when `persist`. */
  refresh(opts?: { persist?: boolean }): Promise<{ ms: number; participants: Record<Period, number> }>;
  board(period: Period): Promise<Board>;
  countries(period: Period): Promise<CountryRow[]>;
  me(userId: number): Promise<Record<Period, MyRank | null>>;
  myRank(period: Period, userId: number): Promise<MyRank | null>;
  namer(): Promise<Namer>;
  start(): void;
  stop(): Promise<void>;
}

export function createLeaderboards(deps: LeaderboardDeps): Leaderboards {
  const { repos } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child("ranks");
  const bus: EventBus<RanksEventMap> = createEventBus<RanksEventMap>({ onError: (sub, err) => log.warn("ranks event subscriber failed", { sub, err: String(err) }) });
  let boards: Map<Period, Board> | null = null;
  let countryTables = new Map<Period, CountryRow[]>();
  let running: Promise<{ ms: number; participants: Record<Period, number> }> | null = null;
  let job: Job | null = null;
  let first: ReturnType<typeof setTimeout> | null = null;

  const namer = namerFrom(repos);

  async function compute(persist: boolean) {
    const t0 = performance.now();
    const at = now();
    const ws = weekStart(at);
    const ms = monthStart(at);
    // The month and all time come from one pass over the daily stats.
    const [n, week, split, userRows] = await Promise.all([namer(), repos.ranks.weekScores(ws), repos.ranks.scoresEverAndSince(utcDay(ms)), repos.ranks.boardUsers()]);
    const { since: month, ever: all } = split;
    const users = new Map<number, BoardUserRow>();
    for (const u of userRows) users.set(u.id, u);
    const faces = new Map<number, PublicFace>();
    const next = new Map<Period, Board>([
      ["weekly", rankBoard("weekly", ws, at, week, users, n, faces)],
      ["monthly", rankBoard("monthly", ms, at, month, users, n, faces)],
      ["alltime", rankBoard("alltime", 0, at, all, users, n, faces)],
    ]);
    const nextCountries = new Map<Period, CountryRow[]>(PERIODS.map((p) => [p, rankCountries(next.get(p)!)]));
    const prev = boards;
    boards = next;
    countryTables = nextCountries;
    const participants = { weekly: week.length, monthly: month.length, alltime: all.length };
    if (prev) {
      for (const p of PERIODS) {
        const before = prev.get(p)!;
        const after = next.get(p)!;
        // A new week or month starts every board afresh: no "moves" across that line.
        if (before.start !== after.start) continue;
        for (const e of after.entries) {
          if (!users.get(e.userId)?.signedIn) continue;
          const i = before.index.get(e.userId);
          if (i === undefined) continue;
          const was = before.entries[i]!.rank;
          if (was !== e.rank) bus.publish("ranks.rank_changed", { userId: e.userId, period: p, from: was, to: e.rank, at });
        }
      }
    }
    bus.publish("ranks.updated", { at, participants });
    if (persist) {
      const rows = PERIODS.flatMap((p) =>
        next.get(p)!.entries.slice(0, SNAPSHOT_TOP).map((e) => ({ period: p, rank: e.rank, userId: e.userId, publicName: e.name, countryCode: e.country, score: e.score, totalShares: e.totalShares })),
      );
      const countries = PERIODS.flatMap((p) => nextCountries.get(p)!.map((c) => ({ period: p, ...c })));
      await repos.ranks.saveSnapshot(rows, countries, at, at - SNAPSHOT_KEEP_MS);
    }
    return { ms: performance.now() - t0, participants };
  }

  const lb: Leaderboards = {
    events: bus,
    refresh(opts = {}) {
      // One computation at a time; a request during it waits for that one.
      running ??= compute(opts.persist ?? (deps.isLeader?.() ?? true)).finally(() => {
        running = null;
      });
      return running;
    },
    async board(period) {
      if (!boards) await lb.refresh();
      return boards!.get(period)!;
    },
    async countries(period) {
      if (!boards) await lb.refresh();
      return countryTables.get(period)!;
    },
    async myRank(period, userId) {
      const b = await lb.board(period);
      const i = b.index.get(userId);
      if (i === undefined) return null;
      const e = b.entries[i]!;
      return { rank: e.rank, bestDiff: e.bestDiff, totalShares: e.totalShares, percentile: percentile(e.rank, b.entries.length), participants: b.entries.length };
    },
    async me(userId) {
      const out = {} as Record<Period, MyRank | null>;
      for (const p of PERIODS) out[p] = await lb.myRank(p, userId);
      return out;
    },
    namer,
    start() {
      if (job) return;
      // Every instance refreshes its memory; only the leader's refresh stores the snapshot.
      job = scheduleJob("leaderboard-refresh", REFRESH_CRON, () => lb.refresh(), { log });
      // The first refresh a moment after start-up, not during it (on SQLite its reads run on this
      // thread: ~1 s for 100,000 miners); a request before then computes the boards itself.
      first = setTimeout(() => void job?.run(), 3_000);
      first.unref?.();
    },
    async stop() {
      job?.stop();
      job = null;
      if (first) clearTimeout(first);
      await running?.catch(() => {});
      await bus.drain();
    },
  };
  return lb;
}
