// The leagues page (under Play, linked from the World Cup hub): /leagues?season=&tier=, open to
// read like the Ranks; a signed-in viewer's club is highlighted and their league shown first.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { AppError } from "../../core/errors.ts";
import { BEST_SHARE_BONUS, ROUND_POINTS_TOP } from "../../compete/leagues/rules.ts";
import type { Leagues } from "../../compete/leagues/service.ts";
import { leaguesPage } from "../../../views/pages/leagues.ts";
import { renderPage } from "../page.ts";

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

export function leaguePageRoutes(lg: Leagues, guards: Guards) {
  const viewer = (request: Request) => guards.optionalUser(request).catch(() => null);
  return new Elysia({ name: "league-pages" }).get(
    "/leagues",
    async ({ request, query }) => {
      const me = (await viewer(request))?.user.id ?? null;
      const meta = { title: "Leagues", path: "/leagues" };
      let found;
      try {
        // Without a tier: the viewer's own league (the top one for a visitor or a player not placed yet).
        const tier = query.tier ?? (await lg.view(query.season ?? null, me)).mine?.tier ?? 1;
        found = await lg.table(query.season ?? null, tier, me);
      } catch (e) {
        if (e instanceof AppError && e.reason === "NO_SEASON") return renderPage(request, meta, leaguesPage(null, { signedIn: me !== null }));
        throw e;
      }
      const { view: sv, league: l } = found;
      return renderPage(
        request,
        meta,
        leaguesPage({
          season: sv.season, startsAt: when(sv.startsAt), endsAt: when(sv.endsAt), closed: sv.closedAt !== null,
          rounds: sv.rounds.map((r) => ({ round: r.round, startsAt: when(r.startsAt), status: r.status })),
          tiers: sv.leagues.map((x) => ({ tier: x.tier, name: x.name, clubs: x.clubs })),
          tier: l.tier, name: l.name, promote: l.promote, relegate: l.relegate, clubs: l.clubs, mine: sv.mine, signedIn: me !== null,
          rules: { top: ROUND_POINTS_TOP, bonus: BEST_SHARE_BONUS },
        }),
      );
    },
    { query: t.Object({ season: t.Optional(t.Integer({ minimum: 1, maximum: 100_000 })), tier: t.Optional(t.Integer({ minimum: 1, maximum: 1000 })) }), detail: { hide: true } },
  );
}
