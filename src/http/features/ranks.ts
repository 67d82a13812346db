// The web side of competition: leaderboards, the weekly lottery and the mini-games (API, public API, pages).
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Leaderboards } from "../../compete/leaderboards.ts";
import type { Lottery } from "../../compete/lottery.ts";
import type { Repos } from "../../db/repos.ts";
import type { Feature } from "../app.ts";
import { leaderboardRoutes, publicLeaderboardRoutes } from "../routes/ranks.ts";
import { ranksPageRoutes } from "../routes/ranks-pages.ts";
import { lotteryRoutes } from "../routes/lottery.ts";
import { lotteryPageRoutes } from "../routes/lottery-pages.ts";
import type { Games } from "../../compete/games.ts";
import { gamesRoutes } from "../routes/games.ts";
import { gamesPageRoutes } from "../routes/games-pages.ts";

export interface CompeteParts {
  leaderboards: Leaderboards;
  lottery: Lottery;
  games: Games;
  repos: Repos;
  now: () => number;
}

export function ranksFeature(c: CompeteParts, guards: Guards): Feature {
  return () =>
    new Elysia({ name: "ranks-feature" })
      .use(leaderboardRoutes(c.leaderboards, guards))
      .use(publicLeaderboardRoutes(c.leaderboards))
      .use(ranksPageRoutes(c.leaderboards, guards))
      .use(lotteryRoutes(c.lottery, c.repos, guards, c.now))
      .use(lotteryPageRoutes(c.lottery, c.repos, guards, c.now))
      .use(gamesRoutes(c.games, guards))
      .use(gamesPageRoutes(c.games, guards));
}
