// The mini-game pages for the signed-in player.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Games } from "../../compete/games.ts";
import { GAME_INFO, gamePage, gamesIndexPage, type GameKey } from "../../../views/pages/games.ts";
import { renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";

export function gamesPageRoutes(games: Games, guards: Guards) {
  return new Elysia({ name: "games-pages" })
    .use(caller(guards))
    .get(
      "/play/games",
      async ({ me, request }) => renderPage(request, { title: "Mini-games", path: "/play/games" }, gamesIndexPage((await games.history(me.user.id, { limit: 5 })).map((p) => ({ game: p.game, summary: p.summary })))),
      { page: "user", detail: { hide: true } },
    )
    .use((app) => {
      // One path per game (not a parameter), so the page checks visit each of them.
      for (const game of Object.keys(GAME_INFO) as GameKey[])
        app.get(`/play/games/${game}`, ({ request }) => renderPage(request, { title: GAME_INFO[game].name, path: `/play/games/${game}` }, gamePage(game)), { page: "user", detail: { hide: true } });
      return app;
    });
}
