// The web side of the World Cup: /api/v1/competitions/*, its pages and the admin page Competitions.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { WorldCup } from "../../compete/worldcup/service.ts";
import type { Feature } from "../app.ts";
import { competitionRoutes } from "../routes/competitions.ts";
import { competitionPageRoutes } from "../routes/competition-pages.ts";
import { competitionAdminPages } from "../routes/competition-admin-pages.ts";

export function competitionsFeature(wc: WorldCup, guards: Guards): Feature {
  return () => new Elysia({ name: "competitions-feature" }).use(competitionRoutes(wc, guards)).use(competitionPageRoutes(wc, guards)).use(competitionAdminPages(wc, guards));
}
