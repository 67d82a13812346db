// /api/v1/competitions/leagues/*: the league tables (open to read; a signed-in caller's own club is
// marked) and the caller's league history. Seasons and moves are made by the season-end job only.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { LeagueTable, Leagues, SeasonView } from "../../compete/leagues/service.ts";
import { BEST_SHARE_BONUS, ROUND_POINTS_TOP, tierName } from "../../compete/leagues/rules.ts";
import { caller } from "../plugins/caller.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const seasonQuery = t.Object({ season: t.Optional(t.Integer({ minimum: 1, maximum: 100_000, description: "Default: the newest season" })) });

const ClubJson = t.Object({
  position: t.Integer(), name: t.String({ description: "Public name (display name, short address or alias)" }), points: t.Integer(),
  rounds_played: t.Integer(), shares: t.Integer({ description: "Accepted shares this season" }), share_diff: t.Number({ description: "Their difficulties summed" }),
  best_diff: t.Number(), placement_diff: t.Number({ description: "Difficulty-weighted shares in the week before placement" }),
  zone: t.Nullable(t.Union([t.Literal("promotion"), t.Literal("relegation")])),
  movement: t.Nullable(t.Union([t.Literal("promoted"), t.Literal("relegated"), t.Literal("stayed")], { description: "Recorded at the season's end; null while it runs" })),
  me: t.Boolean(),
});
const LeagueJson = t.Object({ tier: t.Integer({ description: "1 = top" }), name: t.String(), promotion_zone: t.Integer(), relegation_zone: t.Integer(), clubs: t.Array(ClubJson) });
const SeasonHead = {
  season: t.Integer(), starts_at: t.String(), ends_at: t.String(), closed_at: t.Nullable(t.String()),
  rounds: t.Array(t.Object({ round: t.Integer(), starts_at: t.String(), ends_at: t.String(), status: t.String({ description: "scheduled, live, completed" }) })),
  my_club: t.Nullable(t.Object({ tier: t.Integer(), league: t.String(), position: t.Integer(), points: t.Integer() })),
};
const LeagueSummaryJson = t.Object({ tier: t.Integer({ description: "1 = top" }), name: t.String(), clubs: t.Integer(), promotion_zone: t.Integer(), relegation_zone: t.Integer() });
const SeasonJson = t.Object({ ...SeasonHead, leagues: t.Array(LeagueSummaryJson) });
const OneLeagueJson = t.Object({ ...SeasonHead, leagues: t.Array(LeagueSummaryJson), league: LeagueJson });

const leagueJson = (l: LeagueTable) => ({
  tier: l.tier, name: l.name, promotion_zone: l.promote, relegation_zone: l.relegate,
  clubs: l.clubs.map((c) => ({ position: c.position, name: c.name, points: c.points, rounds_played: c.roundsPlayed, shares: c.shares, share_diff: c.sumDiff, best_diff: c.bestDiff, placement_diff: c.placementDiff, zone: c.zone, movement: c.movement, me: c.me })),
});
const head = (v: SeasonView) => ({
  leagues: v.leagues.map((l) => ({ tier: l.tier, name: l.name, clubs: l.clubs, promotion_zone: l.promote, relegation_zone: l.relegate })),
  season: v.season, starts_at: iso(v.startsAt), ends_at: iso(v.endsAt), closed_at: v.closedAt === null ? null : iso(v.closedAt),
  rounds: v.rounds.map((r) => ({ round: r.round, starts_at: iso(r.startsAt), ends_at: iso(r.endsAt), status: r.status })),
  my_club: v.mine,
});

export function leagueRoutes(lg: Leagues, guards: Guards) {
  return new Elysia({ name: "leagues", prefix: "/api/v1/competitions/leagues", detail: { tags: ["Competitions"] } })
    .use(caller(guards))
    .get("/", async ({ me, query }) => {
      return head(await lg.view(query.season ?? null, me?.user.id ?? null));
    }, {
      optionalUser: true, query: seasonQuery, response: SeasonJson,
      detail: { summary: `A season: its rounds, its leagues (top tier first, with sizes and zones) and the caller's club; tables per tier at /:tier. Round points: ${ROUND_POINTS_TOP} for the most difficulty-weighted shares in the league that week, one less per place (at least 1), +${BEST_SHARE_BONUS} for the best share` },
    })
    .get("/me", async ({ me }) => ({
      clubs: (await lg.history(me.user.id, 50)).map((c) => ({ season: c.season, tier: c.tier, league: tierName(c.tier), position: c.position, points: c.points, rounds_played: c.matchesPlayed, movement: c.movement as "promoted" | "relegated" | "stayed" | null })),
    }), {
      user: true,
      response: t.Object({ clubs: t.Array(t.Object({ season: t.Integer(), tier: t.Integer(), league: t.String(), position: t.Nullable(t.Integer()), points: t.Integer(), rounds_played: t.Integer(), movement: t.Nullable(t.Union([t.Literal("promoted"), t.Literal("relegated"), t.Literal("stayed")])) })) }),
      detail: { summary: "Your league in each season, newest first, with how you moved" },
    })
    .get("/:tier", async ({ me, params, query }) => {
      const { view, league } = await lg.table(query.season ?? null, params.tier, me?.user.id ?? null);
      return { ...head(view), league: leagueJson(league) };
    }, {
      optionalUser: true, params: t.Object({ tier: t.Integer({ minimum: 1, maximum: 1000 }) }), query: seasonQuery, response: OneLeagueJson,
      detail: { summary: "One league's table as the league job last stored it (every 5 minutes; final once the season closed): zones marked, the caller's club has me: true" },
    });
}
