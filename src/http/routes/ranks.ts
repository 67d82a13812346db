// /api/v1/leaderboard/* (seed 003 §6) and /api/v1/public/leaderboard. Boards come from the
// leaderboards' memory (refreshed every 5 minutes); each board's top-100 JSON is built once per
// refresh, so a request only adds the caller's own rank.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { neighbors, PERIODS, type Board, type Entry, type Period } from "../../compete/boards.ts";
import type { Leaderboards, MyRank } from "../../compete/leaderboards.ts";
import { caller } from "../plugins/caller.ts";

const day = (ms: number) => (ms === 0 ? null : new Date(ms).toISOString().slice(0, 10));
export const entryJson = (e: Entry, me?: number) => ({
  rank: e.rank,
  user: { display_name: e.name, country_code: e.country, level: e.level, title: e.title },
  best_diff: e.bestDiff,
  total_shares: e.totalShares,
  ...(me !== undefined && e.userId === me ? { is_me: true } : {}),
});
const myJson = (m: MyRank | null) => (m === null ? null : { rank: m.rank, best_diff: m.bestDiff, total_shares: m.totalShares, percentile: m.percentile });

/** The top of a board as JSON, built once per board object (one per refresh and period). */
const tops = new WeakMap<Board, { head: object; entries: object[] }>();
function top(b: Board) {
  let x = tops.get(b);
  if (!x) {
    x = {
      head: { period: b.period, week_start: day(b.start), updated_at: new Date(b.updatedAt).toISOString(), total_participants: b.entries.length },
      entries: b.entries.slice(0, 100).map((e) => entryJson(e)),
    };
    tops.set(b, x);
  }
  return x;
}

export async function boardJson(lb: Leaderboards, period: Period, limit: number, userId: number | null) {
  const b = await lb.board(period);
  const x = top(b);
  return { ...x.head, entries: limit >= x.entries.length ? x.entries : x.entries.slice(0, limit), my_rank: userId === null ? null : myJson(await lb.myRank(period, userId)) };
}

const PeriodT = t.Union(PERIODS.map((p) => t.Literal(p)));
const limitQ = t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 100 })) });

export function leaderboardRoutes(lb: Leaderboards, guards: Guards) {
  const one = (period: Period) => async ({ me, query }: { me: { user: { id: number } } | null; query: { limit?: number } }) => boardJson(lb, period, query.limit ?? 100, me?.user.id ?? null);
  return new Elysia({ name: "leaderboard", prefix: "/api/v1/leaderboard", detail: { tags: ["Leaderboard"] } })
    .use(caller(guards))
    .get("/weekly", one("weekly"), { optionalUser: true, query: limitQ, detail: { summary: "This week's best share difficulty, top 100 (ties share a rank; listed oldest account first)" } })
    .get("/monthly", one("monthly"), { optionalUser: true, query: limitQ, detail: { summary: "This month's best share difficulty, top 100" } })
    .get("/alltime", one("alltime"), { optionalUser: true, query: limitQ, detail: { summary: "Accepted shares of all time, top 100" } })
    .get(
      "/country",
      async ({ query }) => {
        const period = query.period ?? "weekly";
        const b = await lb.board(period);
        const rows = await lb.countries(period);
        return {
          period, week_start: day(b.start), updated_at: new Date(b.updatedAt).toISOString(), total_countries: rows.length,
          entries: rows.map((c) => ({ rank: c.rank, country_code: c.countryCode, total_miners: c.totalMiners, total_shares: c.totalShares, best_diff: c.bestDiff })),
        };
      },
      { query: t.Object({ period: t.Optional(PeriodT) }), detail: { summary: "Countries by accepted shares (miners who show their country)" } },
    )
    .get(
      "/me",
      async ({ me }) => {
        const r = await lb.me(me.user.id);
        return { weekly: myJson(r.weekly), monthly: myJson(r.monthly), alltime: myJson(r.alltime) };
      },
      { user: true, detail: { summary: "The caller's rank and percentile on every board (null: not on it)" } },
    )
    .get(
      "/neighbors",
      async ({ me, query }) => {
        const period = query.period ?? "weekly";
        const b = await lb.board(period);
        const around = neighbors(b, me.user.id, query.radius ?? 5);
        return { period, total_participants: b.entries.length, entries: around === null ? [] : around.map((e) => entryJson(e, me.user.id)) };
      },
      {
        user: true,
        query: t.Object({ period: t.Optional(PeriodT), radius: t.Optional(t.Integer({ minimum: 1, maximum: 25 })) }),
        detail: { summary: "The users around the caller (the window slides at the top and bottom edges)" },
      },
    );
}

export function publicLeaderboardRoutes(lb: Leaderboards) {
  return new Elysia({ name: "public-leaderboard", detail: { tags: ["Public"] } }).get(
    "/api/v1/public/leaderboard",
    ({ query }) => boardJson(lb, query.period ?? "weekly", query.limit ?? 100, null),
    { query: t.Object({ period: t.Optional(PeriodT), limit: t.Optional(t.Integer({ minimum: 1, maximum: 100 })) }), detail: { summary: "A leaderboard for anyone, signed in or not" } },
  );
}
