// The web side of the game: /api/v1/gamification/*, the admins' badge grants and the Play page.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Game } from "../../game/service.ts";
import type { Feature } from "../app.ts";
import { gameAdminRoutes, gameRoutes } from "../routes/game.ts";
import { gamePageRoutes } from "../routes/game-pages.ts";

export function gameFeature(game: Game, guards: Guards): Feature {
  return () => new Elysia({ name: "game-feature" }).use(gameRoutes(game, guards)).use(gameAdminRoutes(game, guards)).use(gamePageRoutes(game, guards));
}
