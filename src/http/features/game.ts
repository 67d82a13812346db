// The web side of the game: /api/v1/gamification/* and the admins' badge grants.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Game } from "../../game/service.ts";
import type { Feature } from "../app.ts";
import { gameAdminRoutes, gameRoutes } from "../routes/game.ts";

export function gameFeature(game: Game, guards: Guards): Feature {
  return () => new Elysia({ name: "game-feature" }).use(gameRoutes(game, guards)).use(gameAdminRoutes(game, guards));
}
