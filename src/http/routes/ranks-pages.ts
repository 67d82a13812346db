// The Ranks pages, open to everyone; a signed-in viewer also sees their own place.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { neighbors, type Entry, type Period } from "../../compete/boards.ts";
import type { Leaderboards } from "../../compete/leaderboards.ts";
import { countriesPage, ranksPage, type RankRow } from "../../../views/pages/ranks.ts";
import { renderPage } from "../page.ts";

const HEADINGS: Record<Period, string> = { weekly: "This week", monthly: "This month", alltime: "All time" };
const PATHS: Record<Period, string> = { weekly: "/ranks", monthly: "/ranks/monthly", alltime: "/ranks/alltime" };
const day = (ms: number) => (ms === 0 ? null : new Date(ms).toISOString().slice(0, 10));

export function ranksPageRoutes(lb: Leaderboards, guards: Guards) {
  const viewer = (request: Request) => guards.optionalUser(request).catch(() => null);
  const row = (me: number | null) => (e: Entry): RankRow => ({ rank: e.rank, name: e.name, country: e.country, level: e.level, title: e.title, bestDiff: e.bestDiff, totalShares: e.totalShares, me: e.userId === me });
  const page = (period: Period) => async ({ request }: { request: Request }) => {
    const p = await viewer(request);
    const me = p?.user.id ?? null;
    const b = await lb.board(period);
    const mine = me === null ? null : await lb.myRank(period, me);
    return renderPage(
      request,
      { title: `Ranks · ${HEADINGS[period]}`, path: PATHS[period] },
      ranksPage({
        period, heading: HEADINGS[period], since: day(b.start), updatedAt: new Date(b.updatedAt).toISOString(), participants: b.entries.length,
        rows: b.entries.slice(0, 100).map(row(me)), signedIn: me !== null,
        mine: mine === null ? null : { rank: mine.rank, percentile: mine.percentile, neighbors: (neighbors(b, me!, 2) ?? []).map(row(me)) },
      }),
    );
  };
  return new Elysia({ name: "ranks-pages" })
    .get("/ranks", page("weekly"), { detail: { hide: true } })
    .get("/ranks/monthly", page("monthly"), { detail: { hide: true } })
    .get("/ranks/alltime", page("alltime"), { detail: { hide: true } })
    .get(
      "/ranks/countries",
      async ({ request, query }) => {
        const period: Period = query.period ?? "weekly";
        const b = await lb.board(period);
        const rows = await lb.countries(period);
        return renderPage(request, { title: "Ranks · Countries", path: "/ranks/countries" }, countriesPage({ period, since: day(b.start), updatedAt: new Date(b.updatedAt).toISOString(), rows }));
      },
      { query: t.Object({ period: t.Optional(t.Union([t.Literal("weekly"), t.Literal("monthly"), t.Literal("alltime")])) }), detail: { hide: true } },
    );
}
