// The web side of competition: leaderboards (API, public API, pages).
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Leaderboards } from "../../compete/leaderboards.ts";
import type { Feature } from "../app.ts";
import { leaderboardRoutes, publicLeaderboardRoutes } from "../routes/ranks.ts";
import { ranksPageRoutes } from "../routes/ranks-pages.ts";

export function ranksFeature(lb: Leaderboards, guards: Guards): Feature {
  return () => new Elysia({ name: "ranks-feature" }).use(leaderboardRoutes(lb, guards)).use(publicLeaderboardRoutes(lb)).use(ranksPageRoutes(lb, guards));
}
