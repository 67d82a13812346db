// The web side of the game: /api/v1/gamification/*, the admins' badge grants and the Play page.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Game } from "../../game/service.ts";
import type { Feature } from "../app.ts";
import { gameAdminRoutes, gameRoutes, levelBlock, streakBlock } from "../routes/game.ts";
import type { DashboardGame } from "../routes/mining.ts";
import { gamePageRoutes } from "../routes/game-pages.ts";
import { notificationRoutes } from "../routes/notifications.ts";

export function gameFeature(game: Game, guards: Guards): Feature {
  return (deps) => new Elysia({ name: "game-feature" }).use(gameRoutes(game, guards)).use(gameAdminRoutes(game, guards)).use(notificationRoutes(game, guards)).use(gamePageRoutes(game, guards, deps));
}

/** The game's part of the mining dashboard (seed 003 §6: `streak` and `level`), for miningFeature. */
export const dashboardGame = (game: Game): DashboardGame => async (userId) => {
  const [streak, level] = await Promise.all([streakBlock(game, userId), levelBlock(game, userId)]);
  return { streak, level };
};
