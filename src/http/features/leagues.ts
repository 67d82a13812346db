// The web side of the leagues: /api/v1/competitions/leagues/* and the /leagues page.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Leagues } from "../../compete/leagues/service.ts";
import type { Feature } from "../app.ts";
import { leagueRoutes } from "../routes/leagues.ts";
import { leaguePageRoutes } from "../routes/league-pages.ts";

export function leaguesFeature(lg: Leagues, guards: Guards): Feature {
  return () => new Elysia({ name: "leagues-feature" }).use(leagueRoutes(lg, guards)).use(leaguePageRoutes(lg, guards));
}
